import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export type SignedHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * Signs one delivery attempt. The id stays the same across retries so receivers
 * can de-duplicate; the timestamp is the attempt's own, because receivers reject
 * stale timestamps to stop replays.
 */
export function signWebhook(secret: string, msgId: string, payload: string, at: Date = new Date()): SignedHeaders {
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(msgId, at, payload),
  };
}

/**
 * What a consumer runs on receipt: throws unless the signature matches and the
 * timestamp is within the tolerance; returns the parsed body.
 */
export function verifyWebhook(secret: string, payload: string, headers: Record<string, string>): unknown {
  return new Webhook(secret).verify(payload, headers);
}
