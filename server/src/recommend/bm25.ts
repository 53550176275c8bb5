// BM25 over several weighted fields (BM25F: per-field length-normalised term frequencies are
// weighted and summed before the saturation). Pure; features are arbitrary strings.

export interface Bm25Options {
  /** Weight of each field; fields not listed are ignored. */
  fieldWeights: Record<string, number>;
  /** Term-frequency saturation (default 1.2). */
  k1?: number;
  /** Length normalisation, 0..1 (default 0.75). */
  b?: number;
}

/** A document: for each field, its features in order (repeats are term frequency). */
export type Bm25Document = Record<string, readonly string[]>;

export class Bm25Index {
  readonly size: number;
  private readonly k1: number;
  private readonly b: number;
  private readonly fields: Array<[string, number]>;
  private readonly tf: Array<Map<string, Map<string, number>>>; // doc → field → feature → count
  private readonly lengths: Array<Map<string, number>>;
  private readonly avgLength = new Map<string, number>();
  private readonly df = new Map<string, number>();
  /** Feature → documents containing it. */
  private readonly docsOf = new Map<string, number[]>();
  private readonly postingCache = new Map<string, ReadonlyArray<readonly [number, number]>>();

  constructor(docs: readonly Bm25Document[], opts: Bm25Options) {
    this.size = docs.length;
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
    this.fields = Object.entries(opts.fieldWeights).filter(([, w]) => w > 0);
    this.tf = [];
    this.lengths = [];
    const totals = new Map<string, number>();
    for (const doc of docs) {
      const perField = new Map<string, Map<string, number>>();
      const lens = new Map<string, number>();
      const seen = new Set<string>();
      for (const [field] of this.fields) {
        const counts = new Map<string, number>();
        const features = doc[field] ?? [];
        for (const f of features) {
          counts.set(f, (counts.get(f) ?? 0) + 1);
          seen.add(f);
        }
        perField.set(field, counts);
        lens.set(field, features.length);
        totals.set(field, (totals.get(field) ?? 0) + features.length);
      }
      for (const f of seen) {
        this.df.set(f, (this.df.get(f) ?? 0) + 1);
        const list = this.docsOf.get(f);
        if (list) list.push(this.tf.length);
        else this.docsOf.set(f, [this.tf.length]);
      }
      this.tf.push(perField);
      this.lengths.push(lens);
    }
    for (const [field] of this.fields) this.avgLength.set(field, this.size ? (totals.get(field) ?? 0) / this.size : 0);
  }

  /** Number of documents containing the feature in any field. */
  documentFrequency(feature: string): number {
    return this.df.get(feature) ?? 0;
  }

  /** Okapi IDF with the +1 inside the log, so it is always positive. */
  idf(feature: string): number {
    const df = this.df.get(feature) ?? 0;
    if (df === 0) return 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /**
   * Robertson–Spärck Jones IDF floored at 0: a feature in half the documents or more scores
   * nothing. Used for weak features (single characters) that would otherwise add up to noise.
   */
  strictIdf(feature: string): number {
    const df = this.df.get(feature) ?? 0;
    if (df === 0) return 0;
    return Math.max(0, Math.log((this.size - df + 0.5) / (df + 0.5)));
  }

  /** BM25F score of one feature in one document (0 when absent). */
  score(doc: number, feature: string, strict = false): number {
    const idf = strict ? this.strictIdf(feature) : this.idf(feature);
    if (idf === 0) return 0;
    const perField = this.tf[doc];
    const lens = this.lengths[doc];
    if (!perField || !lens) return 0;
    let weighted = 0;
    for (const [field, weight] of this.fields) {
      const count = perField.get(field)?.get(feature) ?? 0;
      if (!count) continue;
      const avg = this.avgLength.get(field) || 1;
      const norm = 1 - this.b + this.b * ((lens.get(field) ?? 0) / avg);
      weighted += (weight * count) / norm;
    }
    if (weighted === 0) return 0;
    return (idf * weighted * (this.k1 + 1)) / (this.k1 + weighted);
  }

  /**
   * The documents that contain the feature, each with its score (> 0), in document order:
   * a query word costs the documents it occurs in, not the whole day. Remembered per feature.
   */
  postings(feature: string, strict = false): ReadonlyArray<readonly [number, number]> {
    const key = strict ? `!${feature}` : feature;
    let list = this.postingCache.get(key);
    if (!list) {
      const out: Array<readonly [number, number]> = [];
      for (const doc of this.docsOf.get(feature) ?? []) {
        const s = this.score(doc, feature, strict);
        if (s > 0) out.push([doc, s]);
      }
      list = out;
      this.postingCache.set(key, list);
    }
    return list;
  }

  /** Sum of the scores of the features (each distinct feature counted once per occurrence in `features`). */
  scoreAll(doc: number, features: readonly string[], strict = false): number {
    let s = 0;
    for (const f of features) s += this.score(doc, f, strict);
    return s;
  }
}
