// The recommender's offline meaning data (see data/README.md): CC-CEDICT senses of Traditional
// headwords and int8 GloVe vectors of frequent English words. Loaded once, lazily, from the
// committed gzip files; everything else asks `lexicon()`.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const LEXICON_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');
export const LEXICON_FILES = ['cedict-senses.txt.gz', 'en-words.txt.gz', 'en-vectors.i8.gz'] as const;

export interface Lexicon {
  /** The senses of a Traditional headword, each its English content words; undefined when not a headword. */
  senses(han: string): readonly (readonly string[])[] | undefined;
  isWord(han: string): boolean;
  /** Longest headword, in characters (bounds the segmenter's window). */
  readonly maxWordLength: number;
  /** The unit-length vector of an English word (lower case), or undefined. */
  vector(word: string): Float32Array | undefined;
  /** An English word's frequency rank in the vectors' corpus (0: the most frequent); undefined when not among them. */
  rank(word: string): number | undefined;
  readonly dimensions: number;
  readonly headwords: number;
  readonly vocabulary: number;
}

export interface LexiconLoad {
  lexicon: Lexicon;
  /** Milliseconds spent reading, inflating and parsing. */
  loadMs: number;
  /** Compressed bytes on disk. */
  fileBytes: number;
}

export function loadLexicon(dir = LEXICON_DIR): LexiconLoad {
  const started = performance.now();
  const read = (f: string) => fs.readFileSync(path.join(dir, f));
  const fileBytes = LEXICON_FILES.reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);

  // Headword → raw sense text ("bicycle|bike"); split on first use.
  const rawSenses = new Map<string, string>();
  let maxWordLength = 1;
  for (const line of zlib.gunzipSync(read('cedict-senses.txt.gz')).toString('utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const word = line.slice(0, tab);
    rawSenses.set(word, line.slice(tab + 1));
    if (word.length > maxWordLength) maxWordLength = word.length;
  }
  const parsed = new Map<string, string[][]>();

  const words = zlib.gunzipSync(read('en-words.txt.gz')).toString('utf8').split('\n').filter(Boolean);
  const bytes = zlib.gunzipSync(read('en-vectors.i8.gz'));
  const dimensions = Math.round(bytes.length / words.length);
  if (dimensions * words.length !== bytes.length) throw new Error('recommender data: vectors and words disagree');
  // Kept as int8 (4 MB); a word's unit-length float vector is made on first use and memoised.
  const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const index = new Map<string, number>();
  for (let i = 0; i < words.length; i++) index.set(words[i]!, i);
  const floats = new Map<number, Float32Array>();
  const floatVector = (i: number): Float32Array => {
    let v = floats.get(i);
    if (!v) {
      v = new Float32Array(dimensions);
      let norm = 0;
      for (let d = 0; d < dimensions; d++) norm += signed[i * dimensions + d]! ** 2;
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let d = 0; d < dimensions; d++) v[d] = signed[i * dimensions + d]! * inv;
      floats.set(i, v);
    }
    return v;
  };

  const lexicon: Lexicon = {
    senses(han) {
      const cached = parsed.get(han);
      if (cached) return cached;
      const raw = rawSenses.get(han);
      if (raw === undefined) return undefined;
      const senses = raw.split('|').map((s) => s.split(' ').filter(Boolean));
      parsed.set(han, senses);
      return senses;
    },
    isWord: (han) => rawSenses.has(han),
    maxWordLength,
    vector(word) {
      const i = index.get(word);
      return i === undefined ? undefined : floatVector(i);
    },
    rank: (word) => index.get(word),
    dimensions,
    headwords: rawSenses.size,
    vocabulary: words.length,
  };
  return { lexicon, loadMs: performance.now() - started, fileBytes };
}

let loaded: Lexicon | undefined;

/** The process's lexicon, loaded on first use. */
export function lexicon(): Lexicon {
  loaded ??= loadLexicon().lexicon;
  return loaded;
}

/**
 * How much an English query word says about one moment, 0..1, from its frequency in general
 * English (GloVe's corpus, the words' order in en-words.txt): a word among the most frequent
 * (year, city, past, car) is generic even when it is rare in the day; from rank `commonRank`
 * on (and for words outside the vocabulary) it counts in full. Other scripts: 1 (no frequencies
 * ship for them). commonRank 0 turns it off.
 */
export function specificity(word: string, commonRank: number, lex: Lexicon = lexicon()): number {
  if (commonRank <= 1 || !/^[a-z]/.test(word)) return 1;
  const rank = lex.rank(word);
  if (rank === undefined) return 1;
  return Math.max(MIN_SPECIFICITY, Math.min(1, Math.log(rank + 2) / Math.log(commonRank)));
}

/** The least a frequent word is worth (the, of: mostly stop words already). */
export const MIN_SPECIFICITY = 0.3;
