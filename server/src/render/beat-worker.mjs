// music-tempo's beat tracker on a worker thread (beats.ts trackBeatsOffThread): a long track
// takes seconds of CPU, which would otherwise hold the event loop and serialise an import's
// tracks on one core. Plain JavaScript so it runs under node, tsx and vitest alike.
import { parentPort, workerData } from 'node:worker_threads';
import MusicTempo from 'music-tempo';

let beats = [];
try {
  beats = new MusicTempo(workerData.samples).beats;
} catch {
  // No tempo to find (silence, noise): no beats, as trackBeats.
}
parentPort.postMessage(beats);
