import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractChecker } from './helpers/contract.js';
import { eventually, startStack, type Stack } from './helpers/stack.js';

describe('the public contract', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('refuses unknown fields anywhere in a body, naming them and the field meant', async () => {
    const job = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'hi', denywords: ['x'] } } });
    expect(job.status).toBe(400);
    expect(job.body.error).toMatchObject({ code: 'invalid_request', message: 'input.denywords is not a known field; did you mean "denyWords"?' });

    const sync = await stack.call('POST', '/v1/text/moderate', { body: { text: 'hi', denywords: ['x'] } });
    expect(sync.status).toBe(400);
    expect(sync.body.error.message).toBe('body.denywords is not a known field; did you mean "denyWords"?');

    const envelope = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'hi' }, webhok: { url: 'https://example.org' } } });
    expect(envelope.status).toBe(400);
    expect(envelope.body.error.message).toContain('did you mean "webhook"?');

    const lexicon = await stack.call('POST', '/v1/lexicons', { body: { name: 'rivals', words: ['a'] } });
    expect(lexicon.status).toBe(400);
    expect(lexicon.body.error.message).toBe('body.words is not a known field; did you mean "terms"?');
    expect((await stack.call('GET', '/v1/lexicons')).body.lexicons).toEqual([]);

    const collection = await stack.call('POST', '/v1/face/collections', { body: { id: 'staff', keepimages: true } });
    expect(collection.status).toBe(400);
    expect(collection.body.error.message).toContain('keepimages');
  });

  it('puts the X-Request-Id in every error body, its own or the caller\'s', async () => {
    const missing = await stack.call('GET', '/v1/jobs/no-such-job');
    expect(missing.status).toBe(404);
    expect(missing.body.error.requestId).toBe(missing.headers.get('x-request-id'));
    expect(missing.body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const given = await stack.call('POST', '/v1/jobs', { body: '{"task":', headers: { 'x-request-id': 'caller-trace-42' } });
    expect(given.status).toBe(400);
    expect(given.body.error).toMatchObject({ code: 'invalid_json', requestId: 'caller-trace-42' });

    // The request's log line carries the same id.
    const lines: { requestId?: string; status?: number; route?: string }[] = [];
    const logger = stack.ctx.logger;
    Object.assign(stack.ctx, { logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) }) });
    try {
      const logged = await stack.call('DELETE', '/v1/lexicons/nope');
      expect(logged.status).toBe(404);
      await eventually(async () => (lines.length ? true : undefined), 2_000, 'the request log line');
      expect(lines).toContainEqual(expect.objectContaining({ requestId: logged.body.error.requestId, status: 404, route: '/v1/lexicons/:lexiconId' }));
    } finally {
      Object.assign(stack.ctx, { logger });
    }

    const unauthenticated = await stack.call('GET', '/v1/jobs', { key: null });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.error.requestId).toBe(unauthenticated.headers.get('x-request-id'));
  });

  it('pages lexicons and face collections with a cursor that survives deletions', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await stack.call('POST', '/v1/lexicons', { body: { name: `page ${i}`, terms: [`词${i}`] } })).body.id);
    const first = await stack.call('GET', '/v1/lexicons?limit=2');
    expect(first.body.lexicons.map((l: { id: string }) => l.id)).toEqual(made.slice(0, 2));
    // The last item seen is deleted: the cursor still knows where the page ended.
    await stack.call('DELETE', `/v1/lexicons/${made[1]}`);
    const second = await stack.call('GET', `/v1/lexicons?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.lexicons.map((l: { id: string }) => l.id)).toEqual(made.slice(2, 4));
    const last = await stack.call('GET', `/v1/lexicons?limit=2&cursor=${second.body.nextCursor}`);
    expect(last.body).toMatchObject({ lexicons: [{ id: made[4] }], nextCursor: null });
    expect((await stack.call('GET', '/v1/lexicons')).body.lexicons).toHaveLength(4);
    expect((await stack.call('GET', '/v1/lexicons?cursor=bm9wZQ')).body.error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('cursor') });
    for (const id of made) await stack.call('DELETE', `/v1/lexicons/${id}`);

    for (const id of ['c1', 'c2', 'c3']) expect((await stack.call('POST', '/v1/face/collections', { body: { id } })).status).toBe(201);
    const pages: string[][] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { body: { collections: { id: string }[]; nextCursor: string | null } } = await stack.call('GET', `/v1/face/collections?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(page.body.collections.map((c) => c.id));
      cursor = page.body.nextCursor;
    }
    expect(pages).toEqual([['c1'], ['c2'], ['c3']]);
  });

  it('publishes a document whose checker refuses an answer that drifted from it', async () => {
    const doc = (await stack.call('GET', '/openapi.json', { key: null })).body;
    const checker = new ContractChecker(doc);
    const job = (await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: 'hello' } } })).body;
    expect(() => checker.check('GET', `/v1/jobs/${job.id}`, 200, 'application/json', job)).not.toThrow();
    expect(() => checker.check('GET', `/v1/jobs/${job.id}`, 200, 'application/json', { ...job, status: 'done' })).toThrow(/does not fit/);
    expect(() => checker.check('GET', `/v1/jobs/${job.id}`, 418, 'application/json', job)).toThrow(/not a documented status/);
    expect(() => checker.check('POST', '/v1/jobs', 422, 'application/json', { error: { code: 'no_such_code', message: 'x' } })).toThrow(/does not fit/);
  });
});
