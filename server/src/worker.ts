// `npm run worker`: a render worker — no API server; it claims render jobs from the shared
// PostgreSQL (QUEUE=pgboss, or the database queue), writes to the shared storage, and publishes
// progress on the shared bus. With WORKER_HEALTH_PORT it answers /healthz, /readyz and /metrics.
// SIGTERM/SIGINT hand running jobs back to the queue (without counting the attempt) so another
// worker resumes them, then exit.
import { startWorker } from './app.js';
import { runProcess } from './process.js';

await runProcess({
  name: 'worker',
  title: 'Dayreel worker',
  start: (config, log) => startWorker(config, log),
  announce(worker, config, logger) {
    logger.info(
      { concurrency: config.renderConcurrency, queue: config.queue, healthUrl: worker.healthUrl },
      `Dayreel render worker is running (${config.renderConcurrency} at a time, queue ${config.queue})`,
    );
  },
});
