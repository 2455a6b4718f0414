import type { LookupFunction } from 'node:net';
import { UnrecoverableError, type Job, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  AppError,
  beginWebhookSend,
  buildJobView,
  checkUrl,
  createSafeLookup,
  isTaskName,
  endWebhookSend,
  signWebhook,
  type Config,
  type JobRecord,
  type JobStore,
  type Logger,
  type QueueRegistry,
  type RedisKeys,
  type ReviewStore,
  type Resolver,
  type TaskName,
  type WebhookDelivery,
  type WebhookSecretStore,
} from '@crs/core';
import type { WorkerMetrics } from '../metrics.js';
import { postJson } from './httpPost.js';

export interface WebhookProcessorDeps {
  config: Config;
  jobs: JobStore;
  queues: QueueRegistry;
  reviews: ReviewStore;
  secrets: WebhookSecretStore;
  redis: Redis;
  keys: RedisKeys;
  logger: Logger;
  metrics: WorkerMetrics;
  /** DNS resolver for SSRF checks; tests inject one to prove refusals happen before connecting. */
  resolve?: Resolver;
}

export type WebhookOutcome = { delivered: true; status: number } | { delivered: false; reason: string };

/** What the sender answers for an event of a deleted job; its message is removed after. */
export const JOB_DELETED = 'job_deleted';

/**
 * Sends one event. The body is built from the job as it is now, so a delivery
 * retried hours later still carries the result. Nothing goes for a deleted job:
 * the deletion check and the sending mark are one step (sendLease.ts), and a
 * DELETE waits for the mark to clear. 2xx is success, 410 means "stop for
 * good", anything else retries.
 */
export function createWebhookProcessor(deps: WebhookProcessorDeps): Processor<WebhookDelivery, WebhookOutcome> {
  const { allowPrivateNetworks, timeoutMs } = deps.config.webhooks;
  const lookup = allowPrivateNetworks ? undefined : (createSafeLookup(deps.resolve) as unknown as LookupFunction);
  const skipped = (): WebhookOutcome => {
    deps.metrics.webhook('skipped');
    return { delivered: false, reason: JOB_DELETED };
  };
  return async (job: Job<WebhookDelivery>) => {
    const { jobId } = job.data;
    // The mark outlives the attempt's own time limit a little, in case this process dies while sending.
    if (!(await beginWebhookSend(deps.redis, deps.keys, jobId, job.id!, timeoutMs + 5_000))) return skipped();
    try {
      return await send(job);
    } finally {
      await endWebhookSend(deps.redis, deps.keys, jobId, job.id!);
    }
  };

  /** A job event's `data`: the job as it is now (a progress event's progress as it was then). */
  async function jobData(delivery: WebhookDelivery, record: JobRecord) {
    const view = await buildJobView(deps.queues.task(record.task as TaskName), record);
    if (view && delivery.type === 'job.progress' && delivery.progress !== undefined) view.progress = delivery.progress;
    return view;
  }

  /** A `job.reviewed` event's `data`: the review item with the decision the event reports. */
  async function reviewData(delivery: WebhookDelivery) {
    const item = await deps.reviews.get(delivery.jobId, delivery.tenant);
    return item && { ...item, status: 'decided' as const, decision: delivery.review ?? item.decision };
  }

  async function send(job: Job<WebhookDelivery>): Promise<WebhookOutcome> {
    const delivery = job.data;
    const record = await deps.jobs.get(delivery.jobId);
    if (!record || record.deletedAt || !isTaskName(record.task)) return skipped();
    const data = delivery.type === 'job.reviewed' ? await reviewData(delivery) : await jobData(delivery, record);
    if (!data) return skipped();

    const body = JSON.stringify({ type: delivery.type, timestamp: new Date().toISOString(), data });
    const secret = await deps.secrets.getOrCreate(delivery.tenant);
    const headers = signWebhook(secret, job.id!, body);
    let status: number;
    try {
      const url = await checkUrl(delivery.url, { allowPrivateNetworks, resolve: deps.resolve });
      status = await postJson(url, body, headers, { timeoutMs, lookup });
    } catch (err) {
      if (err instanceof AppError) {
        deps.metrics.webhook('refused');
        throw new UnrecoverableError(`[${err.code}] ${err.message}`);
      }
      deps.metrics.webhook('retry');
      throw new Error(`[webhook_failed] ${(err as Error).message}`);
    }
    deps.logger.debug({ msgId: job.id, status, attempt: job.attemptsMade + 1 }, 'webhook delivery attempt');
    if (status >= 200 && status < 300) {
      deps.metrics.webhook('delivered');
      return { delivered: true, status };
    }
    if (status === 410) {
      deps.metrics.webhook('gone');
      throw new UnrecoverableError('[webhook_gone] the receiver answered 410 Gone; no more attempts');
    }
    deps.metrics.webhook('retry');
    throw new Error(`[webhook_failed] the receiver answered ${status}`);
  }
}
