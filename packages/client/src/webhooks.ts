import { Webhook } from 'standardwebhooks';
import type { Job, ReviewItem } from './types.js';

/** A job's own events carry the job; `job.reviewed` carries the review item with the decision it reports. */
export type WebhookEvent = { type: 'job.completed' | 'job.failed' | 'job.progress'; data: Job } | { type: 'job.reviewed'; data: ReviewItem };

/**
 * Checks a webhook delivery's Standard Webhooks signature (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`, HMAC-SHA256 with the tenant's
 * `whsec_…` secret and a five-minute tolerance) and returns the event.
 * `body` must be the raw request body, exactly as received. Throws when the
 * signature does not match or the timestamp is too old or too new.
 */
export function verifyWebhook(secret: string, headers: Record<string, string | string[] | undefined> | Headers, body: string): WebhookEvent {
  const flat: Record<string, string> = {};
  if (headers instanceof Headers) headers.forEach((value, name) => (flat[name] = value));
  else for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return new Webhook(secret).verify(body, flat) as WebhookEvent;
}
