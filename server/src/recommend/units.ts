// Meaning units: the words of a text as the meaning bridge sees them, and how alike two are.
//
// Han text is cut by bidirectional maximum matching against the CC-CEDICT headwords (ICU's
// segmenter cuts "看日落" as 看|日|落 and "日落" as 日落, so it cannot be compared across texts).
// A run of single characters that the dictionary cannot join (小黑, a dog's name) also gives
// `name` units that only match themselves; the characters of a nickname (小黑, 阿哲) are `weak`:
// they match only the same character standing alone, never another weak one or a word that
// shares a sense — so 小 in 小黑 never meets 小 in 小美, and 黑 never meets 黑色. A lone
// character right before a word (小 in 小感冒) modifies it and is weak too. Latin words are lower-cased and lightly stemmed.
//
// A unit carries meaning keys (its English senses, stemmed: 單車 → bicycl, bik; dog → dog) and
// up to MAX_VECTORS GloVe vectors (one per leading sense). Two units are alike when they are the
// same text, share a key (單車 ≈ 腳踏車, 狗 ≈ dog), or by the cosine of their vectors.
import { lexicon, type Lexicon } from './lexicon.ts';
import { Lru } from '../lib/lru.ts';
import { isStopChar, normalizeText, segmentWords, stem, STOP_WORDS } from './tokenize.ts';

export type UnitKind = 'han' | 'latin' | 'name';

export interface Unit {
  /** The word as written (normalised); what a reason shows. */
  text: string;
  kind: UnitKind;
  /** A single Han character from a run the dictionary could not join. */
  weak: boolean;
  /** Stemmed English meaning keys. */
  keys: readonly string[];
  /** Unit-length vectors of the leading senses. */
  vectors: readonly Float32Array[];
}

/** Vectors kept per unit: the leading senses carry the usual meaning; more cost time and add noise. */
export const MAX_VECTORS = 2;
/** Similarity of two different words that share a meaning key (a translation or a synonym). */
export const KEY_SIMILARITY = 0.9;
/**
 * Similarity of a Han word and the character that ends it (狗 / 小狗, 鍋 / 麻辣鍋, 蠟 / 打蠟),
 * and of two Han words that end in the same character (火鍋 / 麻辣鍋, 紅茶 / 花茶): Chinese
 * compounds are right-headed, so the last character names the kind of thing. Below
 * KEY_SIMILARITY: a kind, not the same word.
 */
export const HEAD_SIMILARITY = 0.85;
export const SHARED_HEAD_SIMILARITY = 0.75;
/** Final characters that are suffixes, not heads (桌子, 女兒, 石頭, 記者, 科學家…). */
const NOT_HEADS = new Set([...'子兒頭們者性化家員式法']);
/** Characters that start a nickname: 小黑, 阿哲, 老王. */
const NAME_PREFIXES = new Set(['小', '阿', '老']);
/** Longest name made of unjoined characters. */
const MAX_NAME = 4;
/** Longest word the Han segmenter tries. */
const MAX_HAN_WORD = 6;

/**
 * Words that are never a reason and never a meaning on their own: function words (STOP_WORDS)
 * plus vague verbs, adverbs and measure phrases that diaries and analysers both use everywhere.
 */
const FILLERS = new Set([
  '一邊', '邊', '看', '看到', '看看', '早就', '弄', '面', '做', '用', '拿', '想', '開始', '準備', '繼續', '好多', '很多',
  '東西', '感覺', '時間', '地方', '事情', '下來', '起來', '出來', '過來', '回來', '過去', '一次', '一整', '整片', '趕快',
  '終於', '不錯', '好好', '快', '完', '過', '出', '進', '坐', '站', '走', '旁', '旁邊', '裡面', '外面', '上面', '下面',
  '前面', '後面', '附近', '左右', '一起', '互相', '不停', '許多', '大家', '我們', '自己', '一名', '兩名', '一群', '幾名',
  'make', 'do', 'take', 'get', 'thing', 'stuff', 'lot', 'bit', 'feel', 'look', 'see', 'little', 'big', 'good', 'great',
  'nice', 'new', 'long', 'quick', 'quickly', 'pretty', 'super', 'whole', 'time', 'ages', 'near', 'next', 'side', 'top',
  'front', 'lik', 'kind', 'sort', 'someth', 'everyth', 'anyth', 'nothing', 'everyone', 'someone', 'anyone',
]);

export function isFiller(word: string): boolean {
  return STOP_WORDS.has(word) || FILLERS.has(word);
}

const units = new Lru<string, Unit>(50_000);

/** Identity of a unit: its kind, weakness and text. */
export function unitKey(u: Pick<Unit, 'kind' | 'weak' | 'text'>): string {
  return `${u.kind}:${u.weak ? 'w' : ''}:${u.text}`;
}

function senseVectors(lex: Lexicon, senses: readonly (readonly string[])[]): Float32Array[] {
  const out: Float32Array[] = [];
  for (const sense of senses) {
    if (out.length >= MAX_VECTORS) break;
    const sum = new Float32Array(lex.dimensions);
    let n = 0;
    for (const w of sense) {
      const v = lex.vector(w);
      if (!v || isFiller(w)) continue;
      for (let d = 0; d < sum.length; d++) sum[d]! += v[d]!;
      n++;
    }
    if (!n) continue;
    let norm = 0;
    for (let d = 0; d < sum.length; d++) norm += sum[d]! ** 2;
    if (norm === 0) continue;
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < sum.length; d++) sum[d]! *= inv;
    out.push(sum);
  }
  return out;
}

function hanUnit(lex: Lexicon, text: string, weak: boolean): Unit {
  const senses = lex.senses(text) ?? [];
  // Keys: the senses that are one content word (單車: "bicycle", "bike") — a longer phrase
  // ("look after") is too loose to equate two words by. A two-word sense names its head too ("steamed dumpling" → dumpling, "hot spring" → spring).
  const heads = senses.map((s) => (s.length === 1 ? s[0]! : s.length === 2 ? s[1]! : '')).filter((w) => w && !isFiller(w));
  const keys = [...new Set(heads.map((w) => stem(w)))];
  return { text, kind: 'han', weak, keys, vectors: senseVectors(lex, senses) };
}

function latinUnit(lex: Lexicon, word: string): Unit {
  const stemmed = stem(word);
  const v = lex.vector(word) ?? lex.vector(stemmed);
  return { text: word, kind: 'latin', weak: false, keys: [stemmed], vectors: v ? [v] : [] };
}

function unitOf(kind: UnitKind, text: string, weak = false): Unit {
  const key = unitKey({ kind, weak, text });
  let u = units.get(key);
  if (!u) {
    const lex = lexicon();
    u = kind === 'latin' ? latinUnit(lex, text) : kind === 'han' ? hanUnit(lex, text, weak) : { text, kind, weak, keys: [], vectors: [] };
    units.set(key, u);
  }
  return u;
}

/** Maximum matching in one direction; returns the words of the run in order. */
function maxMatch(lex: Lexicon, chars: string[], backward: boolean): string[] {
  const out: string[] = [];
  const max = Math.min(MAX_HAN_WORD, lex.maxWordLength);
  let i = backward ? chars.length : 0;
  while (backward ? i > 0 : i < chars.length) {
    let len = Math.min(max, backward ? i : chars.length - i);
    for (; len > 1; len--) {
      const w = backward ? chars.slice(i - len, i).join('') : chars.slice(i, i + len).join('');
      if (lex.isWord(w)) break;
    }
    const w = backward ? chars.slice(i - len, i).join('') : chars.slice(i, i + len).join('');
    out.push(w);
    i += backward ? -len : len;
  }
  return backward ? out.reverse() : out;
}

/** Character offsets where ICU's word segmenter cuts the run (it ranks words by frequency; CC-CEDICT cannot). */
function icuCuts(run: string): Set<number> {
  const cuts = new Set<number>();
  let at = 0;
  for (const seg of segmentWords(run)) cuts.add((at += [...seg.segment].length));
  return cuts;
}

/** How many of a cut's inner boundaries ICU agrees with. */
function agreement(words: string[], cuts: Set<number>): number {
  let at = 0;
  let n = 0;
  for (const w of words.slice(0, -1)) if (cuts.has((at += [...w].length))) n++;
  return n;
}

/**
 * Bidirectional maximum matching: fewer words, then fewer single characters, then the cut whose
 * boundaries ICU agrees with more (打開|外送|餐|盒, not 打|開外|送餐|盒); ties to backward.
 */
export function segmentHan(run: string, lex: Lexicon = lexicon()): string[] {
  const chars = [...run];
  const fwd = maxMatch(lex, chars, false);
  const bwd = maxMatch(lex, chars, true);
  // Single function characters (上, 在) are expected; other single characters mean a bad cut.
  const singles = (ws: string[]) => ws.filter((w) => w.length === 1 && !isStopChar(w)).length;
  if (fwd.length !== bwd.length) return fwd.length < bwd.length ? fwd : bwd;
  if (singles(fwd) !== singles(bwd)) return singles(fwd) < singles(bwd) ? fwd : bwd;
  if (fwd.every((w, i) => w === bwd[i])) return bwd;
  const cuts = icuCuts(run);
  return agreement(fwd, cuts) > agreement(bwd, cuts) ? fwd : bwd;
}

/** Units of one Han run: dictionary words, plus names for runs of unjoined single characters. */
function hanUnits(run: string, out: Unit[]): void {
  const words = segmentHan(run);
  for (let i = 0; i < words.length; ) {
    const w = words[i]!;
    if ([...w].length > 1) {
      if (!isFiller(w)) out.push(unitOf('han', w));
      i++;
      continue;
    }
    // A stretch of single characters that are not function characters.
    let j = i;
    while (j < words.length && [...words[j]!].length === 1 && !isStopChar(words[j]!) && !isFiller(words[j]!)) j++;
    if (j - i >= 2) {
      // Every stretch of 2..MAX_NAME characters is a candidate name: in 小美喝 the name is 小美.
      for (let a = i; a < j; a++) for (let b = a + 2; b <= Math.min(j, a + MAX_NAME); b++) out.push(unitOf('name', words.slice(a, b).join('')));
      // A nickname prefix and the character after it (小黑, 阿哲, 老王) stand for the name, so
      // they are weak; the other characters are words of their own (帶 and 狗 in 帶狗).
      const weak = new Set<number>();
      for (let k = i; k + 1 < j; k++) if (NAME_PREFIXES.has(words[k]!)) weak.add(k).add(k + 1);
      for (let k = i; k < j; k++) out.push(unitOf('han', words[k]!, weak.has(k)));
      i = j;
    } else if (j - i === 1) {
      // A lone character right before a word usually modifies it (小 in 小感冒, 大 in 大背包):
      // it stands for part of a phrase, so it is weak. Standing alone (的狗在) it is a word.
      const next = words[i + 1];
      out.push(unitOf('han', w, next !== undefined && [...next].length > 1));
      i++;
    } else i++;
  }
}

// Han runs, and runs of other letters and digits (a Latin name right before Han text, 阿May打邊爐, stays apart from it).
const PIECE = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}'’])+/gu;
const HAN_START = /^\p{Script=Han}/u;

/** The meaning units of a text, in order (repeats kept). Linear in the text's length. */
export function textUnits(text: string | null | undefined): Unit[] {
  const out: Unit[] = [];
  for (const m of normalizeText(text).matchAll(PIECE)) {
    const piece = m[0];
    if (HAN_START.test(piece)) {
      hanUnits(piece, out);
      continue;
    }
    const word = piece.replace(/[’']/g, "'").replace(/'s$/, '').replace(/'/g, '');
    if (!word || /^\d+$/.test(word) || isFiller(word) || isFiller(stem(word)) || word.length < 2) continue;
    out.push(unitOf('latin', word));
  }
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d]! * b[d]!;
  return s;
}

export function isSingleHan(u: Unit): boolean {
  return u.kind === 'han' && u.text.length === 1;
}

/** A unit that matches only its own text: a name, or a character of one (黑 in 小黑 never meets 黑色). */
export function matchesOnlyItself(u: Unit): boolean {
  return u.kind === 'name' || u.weak;
}

/**
 * May two different words meet through a shared meaning key? A single Han character meets another
 * Han word only as itself: it shares some sense with too many (叫 and 喝 both "shout"; 間 "room"
 * inside 洗衣間). Across languages its keys hold (狗 ≈ dog).
 */
export function keysComparable(a: Unit, b: Unit): boolean {
  if (matchesOnlyItself(a) || matchesOnlyItself(b)) return false;
  return !((isSingleHan(a) && b.kind === 'han') || (isSingleHan(b) && a.kind === 'han'));
}

/** May two words meet through their vectors? Not single Han characters: too many senses to mean much. */
export function vectorsComparable(a: Unit, b: Unit): boolean {
  return keysComparable(a, b) && !isSingleHan(a) && !isSingleHan(b);
}

/** The head character of a Han unit that can meet others by it (none for names, weak characters and suffixes). */
export function headOf(u: Unit): string | undefined {
  if (u.kind !== 'han' || u.weak) return undefined;
  const head = u.text.at(-1)!;
  return NOT_HEADS.has(head) || isStopChar(head) ? undefined : head;
}

/** Similarity by compound heads: a word and its head character, or two words with one head. */
export function headSimilarity(a: Unit, b: Unit): number {
  const ha = headOf(a);
  if (ha === undefined || ha !== headOf(b)) return 0;
  if (isSingleHan(a) || isSingleHan(b)) return HEAD_SIMILARITY;
  return SHARED_HEAD_SIMILARITY;
}

/** How alike two units are, 0..1 (vectors and heads are capped below a shared key). */
export function unitSimilarity(a: Unit, b: Unit): number {
  if (a.text === b.text) return a.weak && b.weak ? 0 : 1;
  const head = headSimilarity(a, b);
  if (!keysComparable(a, b)) return head;
  for (const k of a.keys) if (b.keys.includes(k)) return KEY_SIMILARITY;
  if (!vectorsComparable(a, b)) return head;
  let best = head;
  for (const va of a.vectors) for (const vb of b.vectors) best = Math.max(best, dot(va, vb));
  return Math.min(best, KEY_SIMILARITY);
}

/** A reason for a match: the word, or the pair when the event's word differs (單車 ≈ 腳踏車). */
export function reasonOf(query: Unit, event: Unit): string {
  return query.text === event.text ? query.text : `${query.text} ≈ ${event.text}`;
}
