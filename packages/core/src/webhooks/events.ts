import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { redisKeys } from '../keys.js';
import { LuaScript } from '../luaScript.js';
import type { JobPayload, WebhookEventType } from '../jobs/jobView.js';
import type { RecordedDecision } from '../reviews/schemas.js';

/** What a webhook job carries; the body is built from the job's state when it is sent. */
export interface WebhookDelivery {
  jobId: string;
  tenant: string;
  type: WebhookEventType;
  url: string;
  /** Progress at the time of the event, for `job.progress` (later state may differ). */
  progress?: number;
  /** The decision a `job.reviewed` event reports (a later one may have replaced it by the time it is sent). */
  review?: RecordedDecision;
}

export interface WebhookRetryPolicy {
  maxAttempts: number;
  retrySpanMs: number;
}

function subscribed(payload: JobPayload, type: WebhookEventType): payload is JobPayload & { webhook: { url: string } } {
  if (!payload.webhook) return false;
  return !payload.webhook.events || payload.webhook.events.includes(type);
}

/**
 * KEYS: the job's record, its webhook sequence; ARGV: message id, sequence TTL ms. Puts the message
 * in the job's order unless the job is gone or being deleted (0): nothing is raised for a deleted job.
 */
const SEQUENCE = new LuaScript(
  `if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'deletedAt') == 1 then return 0 end
if not redis.call('LPOS', KEYS[2], ARGV[1]) then redis.call('RPUSH', KEYS[2], ARGV[1]) end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1`,
  2,
);

/** The Standard Webhooks message id of a job's event (a progress event's by its time bucket, a review's by its decision time). */
export function webhookMessageId(jobId: string, type: WebhookEventType, bucket = 0): string {
  return `msg_${jobId}_${type === 'job.progress' ? `progress_${bucket}` : type === 'job.reviewed' ? `reviewed_${bucket}` : type.slice(4)}`;
}

/** The ids of a job's terminal events, which stay in the webhook queue to keep them from being raised twice. */
export const terminalMessageIds = (jobId: string) => [webhookMessageId(jobId, 'job.completed'), webhookMessageId(jobId, 'job.failed')];

/**
 * Queues one event for delivery. The BullMQ job id doubles as the Standard
 * Webhooks `webhook-id`: it is derived from the job and event, so a second
 * enqueue of the same event (a retried completion handler, a second worker)
 * is a no-op and the id is stable across delivery attempts. Progress events
 * are bucketed by time, which throttles them across every worker at once.
 */
export async function enqueueWebhookEvent(
  queue: Queue,
  jobId: string,
  payload: JobPayload,
  type: WebhookEventType,
  policy: WebhookRetryPolicy,
  extra: { progress?: number; bucket?: number; review?: RecordedDecision } = {},
): Promise<boolean> {
  if (!subscribed(payload, type)) return false;
  const delivery: WebhookDelivery = { jobId, tenant: payload.tenant, type, url: payload.webhook.url };
  if (extra.progress !== undefined) delivery.progress = extra.progress;
  if (extra.review !== undefined) delivery.review = extra.review;
  const msgId = webhookMessageId(jobId, type, extra.bucket);
  // Order first, then the message: a delivery never waits on a message that is not in the sequence yet.
  const client = (await queue.client) as unknown as Redis;
  const keys = redisKeys(queue.opts.prefix ?? 'bull');
  if ((await SEQUENCE.run(client, keys.job(jobId), keys.webhookSequence(jobId), msgId, policy.retrySpanMs * 2 + 3_600_000)) !== 1) return false;
  // A terminal event stays after delivery so that raising it again (a reconciler, a second worker)
  // is a no-op; a progress or review event goes at once, leaving nothing that names the job behind.
  const keep = type === 'job.completed' || type === 'job.failed';
  await queue.add(type, delivery, {
    jobId: msgId,
    attempts: policy.maxAttempts,
    backoff: { type: 'webhook' },
    ...(keep ? {} : { removeOnComplete: true, removeOnFail: true }),
  });
  return true;
}

/**
 * Delay before retry number `attemptsMade` (1-based): a geometric series with
 * ratio 4 whose sum over all retries equals the retry span (default a day), so
 * early retries come quickly and later ones are spread out; ±10% jitter keeps a
 * recovering receiver from being hit by every delivery at once.
 */
export function webhookRetryDelay(attemptsMade: number, policy: WebhookRetryPolicy, random = Math.random): number {
  const retries = Math.max(1, policy.maxAttempts - 1);
  const ratio = 4;
  const first = (policy.retrySpanMs * (ratio - 1)) / (ratio ** retries - 1);
  const base = first * ratio ** (Math.max(1, attemptsMade) - 1);
  return Math.round(base * (0.9 + 0.2 * random()));
}
