// CJK-aware tokenisation for the recommender. Pure and deterministic.
//
// Text is NFKC-normalised and lower-cased, then cut into words by ICU's word segmenter
// (`Intl.Segmenter('zh-Hant', { granularity: 'word' })`, built into Node's full ICU), which
// splits Han text into dictionary words and Latin text on word boundaries. English words are
// lightly stemmed (plural / -ing / -ed / a small table of irregular forms, so the diary's
// "ate" meets the analyser's "eats"); stop words of both languages are dropped.
//
// For Han text we also produce character features, because the segmenter is not stable across
// contexts ("看日落" → 看|日|落, "日落" alone → 日落) and paraphrases often share characters
// (海灘 / 沙灘, 水餃 / 餃子). Features are strings with a kind prefix:
//   w:<word>   a whole word
//   b:<xy>     a Han character bigram (documents: sliding over each Han run; queries: inside a word)
//   u:<x>      a single Han character (not a stop character)

const segmenter = new Intl.Segmenter('zh-Hant', { granularity: 'word' });

/**
 * Longest piece handed to ICU at once. ICU's word segmenter slows down super-linearly on long
 * inputs ("早餐 " × 32,000 took 26 s in one call), so text is cut at spaces and punctuation into
 * pieces of at most this many characters (a longer unbroken run is cut mid-run, which can split
 * one word in a pathological input). Work is then linear in the text's length.
 */
export const SEGMENT_CHUNK = 256;
const BREAK = /[\s\p{P}\p{S}]/u;

/** The text in pieces of at most SEGMENT_CHUNK characters, cut after a space or punctuation when there is one. */
export function* segmentChunks(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + SEGMENT_CHUNK);
    if (end < text.length) {
      let cut = end;
      while (cut > start + SEGMENT_CHUNK / 2 && !BREAK.test(text[cut - 1]!)) cut--;
      if (cut > start + SEGMENT_CHUNK / 2) end = cut;
      // Never cut a surrogate pair in two.
      if (/[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
    }
    yield text.slice(start, end);
    start = end;
  }
}

/** ICU word segments of the text, chunk by chunk. */
export function* segmentWords(text: string): Generator<Intl.SegmentData> {
  for (const chunk of segmentChunks(text)) yield* segmenter.segment(chunk);
}

const HAN = /\p{Script=Han}/u;
const HAN_ONLY = /^\p{Script=Han}+$/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /^[\p{L}\p{N}'’]+$/u;

export function isHan(text: string): boolean {
  return HAN.test(text);
}

/** NFKC, lower case, underscores and dashes as spaces (analyser labels look like `night_market`). */
export function normalizeText(text: string | null | undefined): string {
  if (!text) return '';
  return text.normalize('NFKC').toLowerCase().replace(/[_\-–—/]+/g, ' ');
}

// Function words. Han entries are matched against whole segmented words; HAN_STOP_CHARS against
// single characters when character features are produced.
const ZH_STOP_WORDS = [
  '的', '了', '是', '在', '我', '你', '他', '她', '它', '牠', '我們', '你們', '他們', '她們', '大家', '自己',
  '和', '跟', '與', '及', '或', '也', '都', '就', '還', '又', '才', '很', '超', '好', '太', '最', '更', '非常',
  '一', '一個', '個', '這', '那', '這個', '那個', '這樣', '那樣', '著', '地', '得', '把', '被', '給', '讓',
  '到', '去', '來', '上', '下', '中', '裡', '後', '前', '時', '時候', '然後', '之後', '之前', '因為', '所以',
  '但', '但是', '而', '而且', '如果', '就是', '只是', '還是', '已經', '一起', '一下', '一點', '有點', '有',
  '沒', '沒有', '不', '要', '會', '能', '可以', '說', '吧', '呢', '啊', '嗎', '喔', '哦', '呀', '啦', '哈', '哈哈',
  '今天', '今日', '一天', '整天', '一直', '其他', '什麼', '怎麼', '為', '從', '對', '於', '向', '以', '之', '其',
  '兩', '幾', '些', '一些', '各', '每', '再', '並', '將', '正在', '名', '一名', '位', '一位', '隻', '一隻',
  '兩個', '三個', '一次', '後來', '最後', '終於', '竟然', '結果', '其實', '真的', '覺得', '好像', '有點', '一樣',
  // Written Cantonese function words (喺 at, 嘅 of, 咗 perfective, 佢 he, 唔 not…), as the Mandarin ones above.
  '喺', '嘅', '咗', '嗰', '啲', '佢', '佢哋', '我哋', '你哋', '哋', '唔', '冇', '係', '嚟', '咁', '噉', '嘢', '咩', '㗎',
  '囉', '喇', '嘛', '吖', '喎', '晒', '緊', '埋', '俾', '畀', '仲', '同', '就係', '真係', '好似', '而家', '琴日', '聽日',
  // Times of day: every diary has them, and their characters (午, 晚, 早) would match 午餐, 晚餐, 早餐.
  '早上', '上午', '中午', '下午', '傍晚', '晚上', '今晚', '半夜', '昨天', '明天', '剛剛', '現在', '早', '晚',
];
const HAN_STOP_CHARS = new Set([...'的了是在我你他她它牠們和跟與及也都就還又很超好一個這那著地得把被給讓到去來上下中裡後前時有沒不要會能說吧呢啊嗎喔哦呀啦哈為從對於以之其名位隻些並將再兩二三四五六七八九十幾喺嘅咗嗰啲佢哋唔冇係嚟咁噉咩㗎囉喇嘛吖喎晒俾畀仲']);

const EN_STOP_WORDS = [
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'then', 'than', 'so', 'as', 'of', 'at', 'by', 'for', 'with',
  'about', 'against', 'between', 'into', 'through', 'during', 'before', 'after', 'above', 'below', 'to',
  'from', 'up', 'down', 'in', 'out', 'on', 'off', 'over', 'under', 'again', 'further', 'once', 'here',
  'there', 'when', 'where', 'why', 'how', 'all', 'any', 'both', 'each', 'few', 'more', 'most', 'other',
  'some', 'such', 'no', 'nor', 'not', 'only', 'own', 'same', 'too', 'very', 'can', 'will', 'just', 'should',
  'now', 'i', 'me', 'my', 'myself', 'we', 'our', 'ours', 'us', 'you', 'your', 'he', 'him', 'his', 'she', 'her',
  'hers', 'it', 'its', 'they', 'them', 'their', 'what', 'which', 'who', 'whom', 'this', 'that', 'these',
  'those', 'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'have', 'has', 'had', 'having', 'do',
  'does', 'did', 'doing', 'would', 'could', 'might', 'must', 'shall', 'may', 'also', 'still', 'even', 'got',
  'get', 'gets', 'getting', 'really', 'quite', 'bit', 'lot', 'lots', 'much', 'many', 'one', 'ones', 'today',
  'day', 'while', 'until', 'because', 'im', "i'm", 'ive', "i've", "it's", "don't", "didn't", 'along',
  'around', 'onto', 'itself', 'another', 'like', 'way', 'thing', 'things', 'yet', 'ever', 'every',
  'back', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'first', 'last', 'next',
  'finally', 'actually', 'somehow', 'probably', 'again', 'almost', 'anyway', 'though', 'went', 'go', 'going',
  // Times of day (see the Han list).
  'morning', 'afternoon', 'evening', 'tonight', 'yesterday', 'tomorrow', 'am', 'pm',
];

export const STOP_WORDS: ReadonlySet<string> = new Set([...ZH_STOP_WORDS, ...EN_STOP_WORDS]);

// A small table of irregular English forms → lemma. Diaries are written in the past tense and
// analyser summaries in the present, so without it "ate"/"eats" or "swam"/"swims" never meet.
const IRREGULAR: Record<string, string> = {
  ate: 'eat', eaten: 'eat', ran: 'run', swam: 'swim', swum: 'swim', fell: 'fall', fallen: 'fall',
  built: 'build', threw: 'throw', thrown: 'throw', caught: 'catch', made: 'make', took: 'take', taken: 'take',
  bought: 'buy', brought: 'bring', went: 'go', gone: 'go', came: 'come', saw: 'see', seen: 'see',
  gave: 'give', given: 'give', found: 'find', sat: 'sit', stood: 'stand', slept: 'sleep', woke: 'wake',
  woken: 'wake', drove: 'drive', driven: 'drive', rode: 'ride', ridden: 'ride', flew: 'fly', flown: 'fly',
  drank: 'drink', drunk: 'drink', sang: 'sing', sung: 'sing', won: 'win', lost: 'lose', left: 'leave',
  met: 'meet', told: 'tell', thought: 'think', felt: 'feel', kept: 'keep', held: 'hold', led: 'lead',
  read: 'read', spent: 'spend', sent: 'send', wrote: 'write', written: 'write', began: 'begin', begun: 'begin',
  broke: 'break', broken: 'break', chose: 'choose', dug: 'dig', fed: 'feed', fought: 'fight', froze: 'freeze',
  frozen: 'freeze', grew: 'grow', grown: 'grow', hid: 'hide', hidden: 'hide', hung: 'hang', knew: 'know',
  laid: 'lay', lay: 'lie', lit: 'light', paid: 'pay', rang: 'ring', rose: 'rise', shook: 'shake', shot: 'shoot',
  slid: 'slide', spoke: 'speak', stuck: 'stick', swept: 'sweep', taught: 'teach', tore: 'tear', torn: 'tear',
  wore: 'wear', worn: 'wear', wound: 'wind', blew: 'blow', blown: 'blow', cried: 'cry', tried: 'try',
  children: 'child', kids: 'kid', men: 'man', women: 'woman', people: 'person', feet: 'foot', teeth: 'tooth',
  mice: 'mouse', geese: 'goose', leaves: 'leaf', knives: 'knife', wolves: 'wolf', loaves: 'loaf',
  was: 'be', were: 'be', mum: 'mom', mom: 'mom', mummy: 'mom', mommy: 'mom', dad: 'dad', daddy: 'dad',
  grandma: 'grandmother', granny: 'grandmother', grandpa: 'grandfather', grandad: 'grandfather',
};

const isVowel = (c: string | undefined) => c !== undefined && 'aeiouy'.includes(c);

/**
 * Light English stemmer: irregular table, plural, -ing, -ed, final -e, doubled consonants. Stems
 * need not be words ("baking", "baked", "bake" → "bak"); they only have to meet each other.
 */
export function stem(word: string): string {
  let w = word.replace(/[’']s$/, '').replace(/[’']/g, '');
  const irregular = IRREGULAR[w];
  if (irregular) return irregular;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(ch|sh|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);

  let stripped = false;
  if (w.endsWith('ied') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('eed')) { /* agreed, freed, need: leave */ }
  else if (w.endsWith('ing') && w.length > 5 && [...w.slice(0, -3)].some(isVowel)) { w = w.slice(0, -3); stripped = true; }
  else if (w.endsWith('ed') && w.length > 4 && [...w.slice(0, -2)].some(isVowel)) { w = w.slice(0, -2); stripped = true; }

  if (stripped) {
    const last = w.at(-1);
    // Undouble (running → run, stopped → stop) but keep fall, miss, buzz; British -ll- (shovelled,
    // travelled) is undoubled only on longer stems so that fall/roll/spell stay whole.
    const keep = last === 's' || last === 'z' || (last === 'l' && w.length < 6);
    if (w.length > 2 && last === w.at(-2) && last !== undefined && !keep && !isVowel(last)) w = w.slice(0, -1);
  }
  if (w.length > 3 && w.endsWith('e') && !w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}

export interface TokenizeOptions {
  /** Light English stemming (default true). */
  stem?: boolean;
  /** Drop stop words (default true). */
  stopWords?: boolean;
}

/** The words of a text: segmented, normalised, stemmed, stop words removed, in order (repeats kept). */
export function tokenize(text: string | null | undefined, opts: TokenizeOptions = {}): string[] {
  const doStem = opts.stem ?? true;
  const dropStop = opts.stopWords ?? true;
  const out: string[] = [];
  for (const seg of segmentWords(normalizeText(text))) {
    if (!seg.isWordLike) continue;
    const raw = seg.segment.trim();
    if (!raw) continue;
    if (isHan(raw)) {
      if (!HAN_ONLY.test(raw)) continue; // mixed script segments are rare; skip rather than guess
      if (dropStop && STOP_WORDS.has(raw)) continue;
      out.push(raw);
    } else {
      if (!LATIN_WORD.test(raw)) continue;
      if (/^\d+$/.test(raw)) continue; // bare numbers ("3", "2024") carry no meaning here
      if (dropStop && STOP_WORDS.has(raw)) continue;
      const w = doStem ? stem(raw) : raw;
      if (!w) continue;
      out.push(w);
    }
  }
  return out;
}

export function isStopChar(ch: string): boolean {
  return HAN_STOP_CHARS.has(ch);
}

/** Han character bigrams of every run of Han characters in the text (sliding, across word cuts). */
export function hanBigrams(text: string | null | undefined): string[] {
  const out: string[] = [];
  for (const m of normalizeText(text).matchAll(HAN_RUN)) {
    const chars = [...m[0]];
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}

/** Han characters of the text that are not stop characters. */
export function hanChars(text: string | null | undefined): string[] {
  const out: string[] = [];
  for (const m of normalizeText(text).matchAll(HAN_RUN)) for (const ch of m[0]) if (!HAN_STOP_CHARS.has(ch)) out.push(ch);
  return out;
}

export interface FeatureOptions extends TokenizeOptions {
  /** Produce Han character bigram features (default true). */
  bigrams?: boolean;
  /** Produce Han single-character features (default true). */
  unigrams?: boolean;
}

/** Features of a document field: w: words, b: Han bigrams, u: Han characters (repeats kept = tf). */
export function documentFeatures(text: string | null | undefined, opts: FeatureOptions = {}): string[] {
  const features = tokenize(text, opts).map((w) => `w:${w}`);
  if (opts.bigrams ?? true) for (const b of hanBigrams(text)) features.push(`b:${b}`);
  if (opts.unigrams ?? true) for (const c of hanChars(text)) features.push(`u:${c}`);
  return features;
}

export interface QueryTerm {
  /** The query word as the user wrote it (normalised), shown as a reason. */
  word: string;
  /** How often the word occurs in the query. */
  count: number;
  /** Position of its first occurrence, for deterministic tie-breaks. */
  first: number;
  /** The word feature. */
  wordFeature: string;
  /** Bigram features inside the word (Han words of two or more characters). */
  bigrams: string[];
  /** Character features of the word (Han words only, stop characters excluded). */
  chars: string[];
}

/** Query words, deduplicated in order of first appearance, with their character features. */
export function queryTerms(text: string | null | undefined, opts: FeatureOptions = {}): QueryTerm[] {
  const byWord = new Map<string, QueryTerm>();
  tokenize(text, opts).forEach((word, i) => {
    const seen = byWord.get(word);
    if (seen) { seen.count++; return; }
    const han = isHan(word);
    const chars = han ? [...word] : [];
    byWord.set(word, {
      word,
      count: 1,
      first: i,
      wordFeature: `w:${word}`,
      bigrams: han && (opts.bigrams ?? true) ? chars.slice(0, -1).map((c, j) => `b:${c}${chars[j + 1]}`) : [],
      chars: han && (opts.unigrams ?? true) ? chars.filter((c) => !HAN_STOP_CHARS.has(c)).map((c) => `u:${c}`) : [],
    });
  });
  return [...byWord.values()];
}

/**
 * Character bigrams across runs of single Han characters that ICU left unjoined (叫了外|送 → 外送,
 * 搭小|巴 → 小巴): where its dictionary lacks a compound, the characters still stand next to
 * each other. Stop characters break a run. In order of first appearance, without repeats.
 */
export function unjoinedBigrams(text: string | null | undefined): string[] {
  const out = new Set<string>();
  let run: string[] = [];
  const flush = () => {
    for (let i = 0; i + 1 < run.length; i++) out.add(run[i]! + run[i + 1]!);
    run = [];
  };
  for (const seg of segmentWords(normalizeText(text))) {
    const w = seg.segment;
    if (seg.isWordLike && w.length === 1 && HAN_ONLY.test(w) && !HAN_STOP_CHARS.has(w)) run.push(w);
    else flush();
  }
  flush();
  return [...out];
}
