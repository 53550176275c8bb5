// One batch of the render bench's plan (bench/render.ts benchPlan: its sources, music, blurred fill),
// run alone under GNU time for its peak memory (VmHWM of the one ffmpeg) and CPU, with the
// decoders' thread count as asked — to choose batches.ts batchClips and the decoders' threads.
//
//   npx tsx bench/batch-memory.ts [--binary npm|debian] [--resolution 720p|1080p] [--clips 8]
//                                 [--seconds 20] [--batch 8] [--decoder-threads 0 (ffmpeg's choice) | n]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { planBatches } from '../server/src/render/batches.ts';
import { batchArgs } from '../server/src/render/commands-batch.ts';
import { buildCaps } from '../server/src/render/commands.ts';
import { benchPlan, findBinaries } from './render.ts';
import { prepareMedia } from './render-sources.ts';

const argv = process.argv.slice(2);
const flag = (name: string, def: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1]! : def;
};
const binary = flag('--binary', 'npm') as 'npm' | 'debian';
const resolution = flag('--resolution', '720p') === '1080p' ? 'P1080' : 'P720';
const clips = Number(flag('--clips', '8'));
const seconds = Number(flag('--seconds', '20'));
const batchSize = Number(flag('--batch', '8'));
const decoderThreads = flag('--decoder-threads', 'render');

const tool = (await findBinaries([binary]))[0]?.tool;
if (!tool) throw new Error(`no ${binary} ffmpeg`);
// The render bench's sources: shorter ones for 20 s vlogs (its --quick), full length for 60 s.
const media = await prepareMedia(tool, { scale: seconds <= 20 ? 0.4 : 1, musicSeconds: 40 });
const plan = benchPlan(media.sources, clips, resolution, 'CROSSFADE', seconds);
const inputs = Object.fromEntries(media.sources.map((s) => [s.name, s]));
const [batch] = planBatches(plan, () => true, batchSize);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dayreel-batch-memory-'));
try {
  const args = batchArgs(plan, batch!, (i) => ({ src: inputs[plan.segments[i]!.recordingId]!, fit: 'BLUR', cameraGainDb: 0 }), { segments: path.join(dir, 'b-%d.mov'), sound: path.join(dir, 'b.wav') }, buildCaps(tool.caps));
  // Decoder threads: the input option before each -ss … -i (commands-batch.ts DECODER_THREADS) as asked; 0 = ffmpeg's own choice.
  const withThreads = decoderThreads === 'render' ? args : args.flatMap((a, i) => (a === '-threads' && args[i + 2] === '-ss' ? [] : args[i - 1] === '-threads' && args[i + 1] === '-ss' ? (decoderThreads === '0' ? [] : ['-threads', decoderThreads]) : [a]));
  const run = spawnSync('/usr/bin/time', ['-f', '%M %U %S %e', tool.binaries.ffmpeg, '-hide_banner', '-nostdin', '-y', '-loglevel', 'error', ...withThreads], { encoding: 'utf8' });
  const [kb, user, sys, wall] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number, number];
  if (run.status !== 0) throw new Error(run.stderr);
  console.log(`${binary} ${resolution} ${clips} clips ${seconds} s, batch of ${batch!.inputs.length} clips (${batch!.pieces.length} pieces), decoder threads ${decoderThreads === '0' ? 'auto' : decoderThreads === 'render' ? 'as rendered (1)' : decoderThreads}: peak ${Math.round(kb / 1024)} MB, CPU ${(user + sys).toFixed(2)} s, wall ${wall.toFixed(2)} s`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
