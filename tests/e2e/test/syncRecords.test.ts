import { randomBytes } from 'node:crypto';
import { InvalidTextError } from '@crs/core';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withProcess } from './helpers/delayedPlugin.mjs';
import { eventually, KEYS, startStack, type Stack } from './helpers/stack.js';

/** Every key whose name holds `id`, with its MEMORY USAGE and its value as text. */
async function keysOfCall(stack: Stack, id: string): Promise<{ key: string; bytes: number; text: string }[]> {
  const { redis } = stack.ctx;
  const out: { key: string; bytes: number; text: string }[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${stack.prefix}:*${id}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const bytes = Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
      const type = await redis.type(key);
      const text = type === 'hash' ? Object.entries(await redis.hgetall(key)).flat().join('\n') : type === 'string' ? ((await redis.get(key)) ?? '') : type;
      out.push({ key, bytes, text });
    }
  } while (cursor !== '0');
  return out;
}

describe('synchronous calls are kept as compact call records', () => {
  let stack: Stack;
  beforeAll(async () => {
    // The real text plugin, refusing one text as a plugin refuses bad input, so a call can fail in the worker.
    const text = createTextModerationPlugin();
    const refusing = withProcess(text, async (task: string, input: { text: string }, ctx: unknown) => {
      if (input.text.includes('refuse-me')) throw new InvalidTextError('the text cannot be checked: refuse-me');
      return text.process(task as never, input as never, ctx as never);
    });
    stack = await startStack({ env: { SYNC_KEEP_CONTENT: 'globex' }, plugins: [refusing] });
  });
  afterAll(() => stack.close());

  it('keeps ≤ 600 bytes and no input text per call, and GET /v1/jobs/:id answers the compact record', async () => {
    const calls = 20;
    const ids: string[] = [];
    const marker = `secret${randomBytes(5).toString('hex')}`;
    for (let i = 0; i < calls; i++) {
      const res = await stack.call('POST', '/v1/text/moderate', { body: { text: `加微信 ${marker} 买卖 ${i}` } });
      expect(res.status).toBe(200);
      expect(res.body.hits.length).toBeGreaterThan(0); // the caller still gets the whole result
      ids.push(res.body.jobId);
    }
    const queue = stack.ctx.queues.task('text.moderate');
    let perCall = 0;
    for (const id of ids) {
      const keys = await eventually(async () => {
        const found = await keysOfCall(stack, id);
        // The retention clock starts once the worker has seen the finish.
        return (await stack.ctx.redis.ttl(stack.ctx.keys.job(id))) > 0 ? found : undefined;
      });
      expect(keys.map((k) => k.key)).toEqual([stack.ctx.keys.job(id)]);
      for (const k of keys) expect(k.text).not.toContain(marker);
      for (const k of keys) expect(k.text).not.toContain('加微信');
      perCall += keys.reduce((n, k) => n + k.bytes, 0);
      expect(await queue.getJob(id)).toBeUndefined();
    }
    // The tenant's index of call records holds one member per call as well.
    const index = Number(await stack.ctx.redis.call('MEMORY', 'USAGE', stack.ctx.keys.tenantJobs('acme'), 'SAMPLES', '0'));
    const bytesPerCall = (perCall + index) / calls;
    console.warn(`Redis bytes kept per sync call: ${bytesPerCall.toFixed(0)} (record ${(perCall / calls).toFixed(0)} + index ${(index / calls).toFixed(0)})`);
    expect(bytesPerCall).toBeLessThanOrEqual(600);

    const view = (await stack.call('GET', `/v1/jobs/${ids[0]}`)).body;
    expect(view).toMatchObject({
      id: ids[0],
      task: 'text.moderate',
      status: 'succeeded',
      compact: true,
      result: { verdict: expect.any(String), labels: expect.arrayContaining([expect.objectContaining({ category: 'ad', verdict: expect.any(String) })]) },
      durationMs: expect.any(Number),
    });
    expect(view.result.hits).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain(marker);
    const listed = (await stack.call('GET', '/v1/jobs?include=result,input&limit=1')).body;
    expect(listed.jobs[0]).toMatchObject({ compact: true, input: null });
    expect(JSON.stringify(listed)).not.toContain(marker);
  }, 60_000);

  it('keeps the whole call for a tenant that opted in with SYNC_KEEP_CONTENT', async () => {
    const marker = `kept${randomBytes(5).toString('hex')}`;
    const res = await stack.call('POST', '/v1/text/moderate', { body: { text: `加微信 ${marker}` }, key: KEYS.globex });
    expect(res.status).toBe(200);
    const view = (await stack.call('GET', `/v1/jobs/${res.body.jobId}`, { key: KEYS.globex })).body;
    expect(view.compact).toBeUndefined();
    expect(view.result.hits[0].word).toBe('加微信');
    const listed = (await stack.call('GET', '/v1/jobs?include=input&limit=1', { key: KEYS.globex })).body;
    expect(JSON.stringify(listed)).toContain(marker);
  }, 30_000);

  it('keeps a failed call as its error only', async () => {
    const res = await stack.call('POST', '/v1/text/moderate', { body: { text: 'please refuse-me now' } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_text');
    const id = res.body.jobId;
    const view = (await stack.call('GET', `/v1/jobs/${id}`)).body;
    expect(view).toMatchObject({ status: 'failed', compact: true, result: null, error: { code: 'invalid_text' } });
    expect(await stack.ctx.queues.task('text.moderate').getJob(id)).toBeUndefined();
    const keys = await keysOfCall(stack, id);
    expect(keys.map((k) => k.key)).toEqual([stack.ctx.keys.job(id)]);
    expect(keys[0]!.text).not.toContain('please');
  }, 30_000);
});
