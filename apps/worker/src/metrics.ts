import http from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BEARER_REQUIRED, hasBearerToken, type Logger } from '@crs/core';

export type JobOutcome = 'succeeded' | 'failed_input' | 'failed_internal' | 'canceled';

/** A worker process's Prometheus metrics; every worker exposes its own. */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'crs_worker_' });
  const jobs = new Counter({
    name: 'crs_jobs_total',
    help: 'Finished jobs by task and outcome (failed_input: the caller\'s input; failed_internal: the service\'s fault)',
    labelNames: ['task', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'crs_job_duration_seconds',
    help: 'Processing time of finished jobs by task and outcome',
    labelNames: ['task', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'crs_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome (delivered, retry, gone, refused, skipped)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const modelLoad = new Gauge({
    name: 'crs_plugin_init_seconds',
    help: 'Time each plugin took to load its models at start',
    labelNames: ['plugin'],
    registers: [registry],
  });
  return {
    registry,
    jobFinished(task: string, outcome: JobOutcome, seconds: number | null) {
      jobs.inc({ task, outcome });
      if (seconds !== null) duration.observe({ task, outcome }, seconds);
    },
    webhook(outcome: string) {
      webhooks.inc({ outcome });
    },
    pluginLoaded(plugin: string, seconds: number) {
      modelLoad.set({ plugin }, seconds);
    },
  };
}
export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

/**
 * Serves `/metrics` on `port` (0: not at all), to holders of `token` only when it is set. A port already taken (a second
 * worker on the same host) is logged, not fatal: give each worker its own METRICS_PORT.
 */
export function serveMetrics(metrics: WorkerMetrics, port: number, logger: Logger, token?: string): () => Promise<void> {
  if (port === 0) return async () => undefined;
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    if (token && !hasBearerToken(req.headers.authorization, token)) {
      res.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' }).end(JSON.stringify(BEARER_REQUIRED));
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  server.on('error', (err) => logger.warn({ port, err: err.message }, 'worker metrics endpoint not started'));
  server.listen(port);
  server.unref();
  return () => new Promise((r) => server.close(() => r()));
}
