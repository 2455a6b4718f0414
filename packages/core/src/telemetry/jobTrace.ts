import type { Job } from 'bullmq';
import { bullmqTelemetry } from './tracing.js';

/**
 * Runs `fn` in the trace of `job` (the context BullMQ stored with it when it was queued), for work
 * that follows a job outside its processing, such as queuing its webhook event once it finished.
 * With tracing off, or a job queued without it, `fn` simply runs.
 */
export function inJobTrace<T>(job: Job, fn: () => T): T {
  const telemetry = bullmqTelemetry();
  const metadata = job.opts.telemetry?.metadata;
  if (!telemetry || !metadata) return fn();
  const { contextManager } = telemetry;
  return contextManager.with(contextManager.fromMetadata(contextManager.active(), metadata), fn);
}
