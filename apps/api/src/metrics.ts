import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueRegistry } from '@crs/core';
import { oldestWaitingSince } from './queueAge.js';

/**
 * The API's Prometheus metrics. Labels are route patterns and queue names,
 * never ids or tenant data, so cardinality stays bounded.
 */
export function createApiMetrics(queues: QueueRegistry) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'crs_api_' });
  const requests = new Counter({
    name: 'crs_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'crs_http_request_duration_seconds',
    help: 'HTTP request duration by method and route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'crs_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of queues.all()) {
        const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed');
        for (const [state, n] of Object.entries(counts)) this.set({ queue: queue.name, state }, n);
      }
    },
  });
  new Gauge({
    name: 'crs_queue_oldest_waiting_seconds',
    help: 'Age of the oldest job waiting in each queue (0 when none waits)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of queues.all()) {
        const since = await oldestWaitingSince(queue);
        this.set({ queue: queue.name }, since === null ? 0 : (Date.now() - since) / 1000);
      }
    },
  });
  return {
    registry,
    observe(method: string, route: string, status: number, seconds: number) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    },
  };
}
export type ApiMetrics = ReturnType<typeof createApiMetrics>;
