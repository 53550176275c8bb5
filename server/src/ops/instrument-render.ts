// Wraps the vlog render job for operations, without touching the render itself: every log line
// of a render carries the request id of the createVlog that queued it (kept in the job's params,
// so it crosses from an API process to a worker), its wall time, realtime factor, failure code
// and ffmpeg's peak memory go to the metrics, and the worker's /healthz can ask which jobs run.
import type { JobRow, JobType } from '../jobs/runner.js';
import type { RenderResult } from '../vlogs/render-job.js';
import { withLogContext, type LogContext, type LogFn } from '../lib/logger.js';
import { renderErrorCode, type Metrics } from './metrics.js';
import { sampleFfmpegPeak } from './ffmpeg-memory.js';

export interface InstrumentedRenderJob extends JobType<RenderResult, string[]> {
  /** Ids of the jobs this process is rendering now. */
  running(): string[];
}

export function jobLogContext(job: JobRow): LogContext {
  const params = job.params as { request_id?: unknown; vlog_id?: unknown };
  return {
    requestId: typeof params.request_id === 'string' ? params.request_id : undefined,
    jobId: job.id,
    vlogId: typeof params.vlog_id === 'string' ? params.vlog_id : undefined,
  };
}

export function instrumentRenderJob(type: JobType<RenderResult, string[]>, deps: { metrics: Metrics; log: LogFn }): InstrumentedRenderJob {
  const { metrics, log } = deps;
  const running = new Set<string>();
  const failureCodes = new Map<string, string>();

  return {
    ...type,
    running: () => [...running],
    run: (ctx) =>
      withLogContext(jobLogContext(ctx.job), async () => {
        const started = Date.now();
        const memory = sampleFfmpegPeak();
        running.add(ctx.job.id);
        log(`render started (attempt ${ctx.job.attempts})`);
        try {
          const result = await type.run(ctx);
          const wall = (Date.now() - started) / 1000;
          metrics.renderWall.observe(wall);
          if (wall > 0 && result.duration > 0) metrics.renderRealtime.observe(result.duration / wall);
          log(`render finished: ${result.duration.toFixed(1)} s of video in ${wall.toFixed(1)} s`);
          return result;
        } catch (err) {
          if (!ctx.signal.aborted) failureCodes.set(ctx.job.id, renderErrorCode(err));
          log(`render ${ctx.signal.aborted ? 'stopped' : 'failed'}: ${err instanceof Error ? err.message : String(err)}`, ctx.signal.aborted ? 'info' : 'warn');
          throw err;
        } finally {
          running.delete(ctx.job.id);
          metrics.ffmpegPeak.set(memory.stop());
        }
      }),
    discard: type.discard && ((job, result) => withLogContext(jobLogContext(job), () => type.discard!(job, result))),
    settled: (job, outcome, finished) =>
      withLogContext(jobLogContext(job), async () => {
        // Counted once the outcome is recorded: a time-out or a last interrupted attempt fails too.
        if (outcome.status === 'failed') metrics.renderFailures.inc({ code: failureCodes.get(job.id) ?? 'RENDER_FAILED' });
        failureCodes.delete(job.id);
        await type.settled?.(job, outcome, finished);
      }),
  };
}
