import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskPlugin } from '@crs/core';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { startSentinelSet, type SentinelSet } from './helpers/redisTopology.js';
import { eventually, startStack, type Stack } from './helpers/stack.js';

/** The text plugin, counting how often each job's input was processed. */
function countingPlugin(counts: Map<string, number>): TaskPlugin {
  const inner = createTextModerationPlugin();
  return {
    ...inner,
    init: (ctx) => inner.init(ctx),
    close: () => inner.close(),
    async process(task, input, ctx) {
      const text = (input as { text: string }).text;
      counts.set(text, (counts.get(text) ?? 0) + 1);
      return inner.process(task, input, ctx);
    },
  };
}

describe('Redis through Sentinel', () => {
  let set: SentinelSet;
  let stack: Stack;
  const processed = new Map<string, number>();

  beforeAll(async () => {
    set = await startSentinelSet();
    stack = await startStack({
      env: {
        REDIS_SENTINELS: set.sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','),
        REDIS_SENTINEL_NAME: set.name,
        // Stalled jobs are found within seconds, so a job whose lock lapsed during the switch is not left waiting.
        WORKER_STALLED_INTERVAL_MS: '2000',
      },
      plugins: [countingPlugin(processed)],
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await set?.stop();
  });

  it('finishes every job the API accepted across a failover, once each, and answers 503 only during the switch', async () => {
    const accepted: { id: string; text: string; at: number }[] = [];
    const unavailable: number[] = [];
    const other: number[] = [];
    let killedAt = 0;
    let firstAcceptAfterKill = 0;
    let n = 0;
    let last503 = '';
    const submitOne = async () => {
      const text = `sentinel job ${n++} hello`;
      const started = Date.now();
      const res = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text } } });
      if (res.status === 202) {
        accepted.push({ id: res.body.id as string, text, at: started });
        if (killedAt && started > killedAt && !firstAcceptAfterKill) firstAcceptAfterKill = Date.now();
      } else if (res.status === 503) {
        unavailable.push(Date.now());
        last503 = JSON.stringify(res.body);
      }
      else other.push(res.status);
    };

    // Steady load before the primary dies.
    while (accepted.length < 30) await submitOne();
    killedAt = Date.now();
    set.processes.get(set.primaryPort)!.kill('SIGKILL');
    // Keep submitting through the switch until 30 more jobs went in on the new primary.
    const deadline = Date.now() + 30_000;
    while (accepted.filter((a) => a.at > killedAt).length < 30 && Date.now() < deadline) {
      await submitOne();
      await new Promise((r) => setTimeout(r, 20));
    }
    const failoverMs = firstAcceptAfterKill - killedAt;
    console.warn(`failover: first job accepted ${failoverMs} ms after the primary was killed; ${unavailable.length} requests answered 503 meanwhile (last: ${last503})`);

    expect(other).toEqual([]);
    expect(firstAcceptAfterKill).toBeGreaterThan(0);
    // 503 only between the kill and the first accepted request after it.
    for (const at of unavailable) {
      expect(at).toBeGreaterThanOrEqual(killedAt);
      expect(at).toBeLessThanOrEqual(firstAcceptAfterKill);
    }

    // Every accepted job finishes.
    for (const job of accepted) {
      const done = await eventually(
        async () => {
          const res = await stack.call('GET', `/v1/jobs/${job.id}`);
          return res.status === 200 && res.body.status === 'succeeded' ? res.body : undefined;
        },
        60_000,
        `job ${job.id} to succeed`,
      );
      expect(done.result.verdict).toBe('pass');
    }
    // Nothing duplicated: one job per accepted request, each processed once.
    expect(new Set(accepted.map((a) => a.id)).size).toBe(accepted.length);
    const twice = accepted.filter((a) => processed.get(a.text) !== 1).map((a) => `${a.text}: ${processed.get(a.text) ?? 0}`);
    expect(twice).toEqual([]);
    expect(processed.size).toBe(accepted.length);
  }, 180_000);
});
