// Estimated seconds of work per unit of each import step, for one honest progress bar (and ETA
// in the CLI): hashing and copying scale with bytes, analysis with seconds of media.
import type { Manifest } from './manifest.js';

export const COST = {
  probe: 0.05,
  hashPerByte: 1 / 400e6,
  storePerByte: 1 / 300e6,
  interestPerSecond: 1 / 60,
  thumbnail: 0.08,
  /** Waveform peaks and beat tracking (two decodes; tracking dominates). */
  musicAnalysisPerSecond: 1 / 90,
  database: 0.3,
  dbPerRow: 0.003,
};

/** Rows the transaction writes at most (the +1 is the user). */
export function rowCount(m: Manifest): number {
  return m.recordings.length + m.events.length + m.diary.length + m.music.length + 1;
}

/**
 * The whole import's estimated work. Before probing the media durations are unknown (0): the
 * estimate grows once they are, and WorkProgress keeps the percentage from going back.
 */
export function estimateWork(m: Manifest, totalBytes: number, durations = { recordings: 0, music: 0 }): number {
  return (
    (m.recordings.length + m.music.length) * COST.probe +
    totalBytes * (COST.hashPerByte + COST.storePerByte) +
    durations.recordings * COST.interestPerSecond +
    (m.recordings.length + m.events.length) * COST.thumbnail +
    durations.music * COST.musicAnalysisPerSecond +
    COST.database +
    rowCount(m) * COST.dbPerRow
  );
}
