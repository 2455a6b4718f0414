import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signWebhook, verifyWebhook, webhookRetryDelay } from '../src/index.js';

describe('webhook signing', () => {
  it('signs so that a Standard Webhooks consumer verifies, and refuses a tampered body', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const body = JSON.stringify({ type: 'job.completed', data: { id: 'j1' } });
    const headers = signWebhook(secret, 'msg_j1_completed', body);
    expect(headers['webhook-signature']).toMatch(/^v1,/);
    expect(verifyWebhook(secret, body, headers)).toEqual(JSON.parse(body));
    expect(() => verifyWebhook(secret, body.replace('j1', 'j2'), headers)).toThrow();
    expect(() => verifyWebhook(generateWebhookSecret(), body, headers)).toThrow();
  });
});

describe('webhookRetryDelay', () => {
  const policy = { maxAttempts: 8, retrySpanMs: 86_400_000 };

  it('grows geometrically and spreads the retries over the span', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => webhookRetryDelay(n, policy, () => 0.5));
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThan(delays[i - 1]!);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - policy.retrySpanMs)).toBeLessThan(10);
    expect(delays[0]!).toBeGreaterThan(5_000);
    expect(delays[0]!).toBeLessThan(60_000);
  });

  it('jitters by at most 10%', () => {
    const mid = webhookRetryDelay(3, policy, () => 0.5);
    expect(webhookRetryDelay(3, policy, () => 0)).toBe(Math.round(mid * 0.9));
    expect(webhookRetryDelay(3, policy, () => 0.999999)).toBeLessThanOrEqual(Math.round(mid * 1.1));
  });
});
