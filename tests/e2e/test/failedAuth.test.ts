import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startStack, type Stack } from './helpers/stack.js';

const LIMIT = 5;
const wrong = (i: number) => `guess-${i}-0123456789abcdef`;

describe('wrong API keys are throttled per address, across API instances', () => {
  let stack: Stack;
  let second: Stack;

  beforeAll(async () => {
    const env = { AUTH_FAILURE_LIMIT: String(LIMIT), AUTH_FAILURE_WINDOW_SECONDS: '60', DEFAULT_KEY_QPS: '1000' };
    stack = await startStack({ worker: false, env });
    // A second API instance on the same Redis, as behind a load balancer.
    second = await startStack({ worker: false, env, prefix: stack.prefix });
  });
  afterAll(async () => {
    await second?.close();
    await stack?.close();
  });

  it('answers 401 up to the limit, then 429 too_many_failed_auth with Retry-After, on every instance; a key in use keeps working', async () => {
    // acme's key is in use from this address before the guessing starts.
    expect((await stack.call('GET', '/v1/jobs')).status).toBe(200);
    expect((await second.call('GET', '/v1/jobs')).status).toBe(200);

    for (let i = 0; i < LIMIT; i++) {
      const res = await (i % 2 ? second : stack).call('GET', '/v1/jobs', { key: wrong(i) });
      expect(res.status, `guess ${i}`).toBe(401);
    }
    for (const [i, s] of [stack, second, stack].entries()) {
      const res = await s.call('GET', '/v1/jobs', { key: wrong(100 + i) });
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('too_many_failed_auth');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    }

    // A right key the address had not used is refused too: a guess that hits must look like one that misses.
    const unseen = await stack.call('GET', '/v1/jobs', { key: KEYS.globex });
    expect(unseen.status).toBe(429);
    expect(unseen.body.error.code).toBe('too_many_failed_auth');

    // The key already in use goes on working, with its own QPS budget untouched by the guesses.
    const known = await stack.call('GET', '/v1/jobs');
    expect(known.status).toBe(200);
    expect(Number(known.headers.get('ratelimit-remaining'))).toBeGreaterThan(990);
    expect((await second.call('GET', '/v1/jobs')).status).toBe(200);
  });

  it('does not count requests without a key as guesses', async () => {
    const fresh = await startStack({ worker: false, env: { AUTH_FAILURE_LIMIT: '2' } });
    try {
      for (let i = 0; i < 5; i++) expect((await fresh.call('GET', '/v1/jobs', { key: null })).status).toBe(401);
      expect((await fresh.call('GET', '/v1/jobs', { key: KEYS.globex })).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});
