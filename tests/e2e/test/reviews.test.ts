import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { createRedis, exportDecisions, redisKeys, ReviewStore, verifyWebhook } from '@crs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysNaming } from './helpers/leftovers.js';
import { startProcessStack, type ProcessStack } from './helpers/processStack.js';
import { startReceiver } from './helpers/receiver.js';
import { eventually, KEYS, REDIS_URL } from './helpers/stack.js';
import { testPattern } from './helpers/videos.js';

/** One review-level ad finding (加微信 written with a separator): `review` at the default thresholds. */
const REVIEW_TEXT = '加 微*信 领取优惠';
/** Several ad findings and a fake-invoice offer: `block`. */
const BLOCK_TEXT = '加微信 领取优惠 扫码进群 13800138000 代开发票';
const keyId = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

type Item = { jobId: string; status: string; verdict: string; task: string; evidence: { text?: string; fileId?: string; hits?: { word: string; start: number; end: number }[] }; decision?: Record<string, unknown> };

/**
 * The review queue end to end, against the API and a worker running as their own processes: jobs with a
 * `review` verdict are filed with their evidence, decided with the caller's key and time, leave the
 * pending list, reach the export and the job's webhook (signed, after the job's own event), and go with
 * the job.
 */
describe('review queue', () => {
  let stack: ProcessStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await startProcessStack({ plugins: 'text-moderation,image-classifier', tasks: ['text.moderate', 'image.moderate'] });
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
  });

  const list = async (query = '', key = KEYS.acme): Promise<Item[]> => {
    const res = await stack.call('GET', `/v1/reviews${query}`, { key });
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const submit = async (body: Record<string, unknown>) => {
    const res = await stack.call('POST', '/v1/jobs', { body, headers: { prefer: 'wait=30' } });
    expect(res.body.status).toBe('succeeded');
    return res.body as { id: string; result: { verdict: string } };
  };
  const exported = async () => {
    const res = await fetch(`${stack.baseUrl}/v1/reviews/export?format=jsonl`, { headers: { authorization: `Bearer ${KEYS.acme}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    return (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  };

  it('files a text job with a review verdict with its text and hits, records a decision, exports it and sends a signed job.reviewed', async () => {
    const job = await submit({ task: 'text.moderate', input: { text: REVIEW_TEXT }, webhook: { url: receiver.url } });
    expect(job.result.verdict).toBe('review');

    const pending = await list();
    const item = pending.find((i) => i.jobId === job.id)!;
    expect(item).toMatchObject({ status: 'pending', verdict: 'review', task: 'text.moderate', evidence: { text: REVIEW_TEXT } });
    const hit = item.evidence.hits!.find((h) => h.word === '加微信')!;
    expect([...REVIEW_TEXT].slice(hit.start, hit.end).join('')).toBe('加 微*信');
    expect((await list('?category=ad')).map((i) => i.jobId)).toContain(job.id);
    expect((await list('?category=porn')).map((i) => i.jobId)).not.toContain(job.id);
    expect((await list('?task=image.moderate')).map((i) => i.jobId)).not.toContain(job.id);
    const summary = (await stack.call('GET', '/v1/reviews/summary')).body;
    expect(summary.pending).toBeGreaterThanOrEqual(1);
    expect(summary.pendingByCategory.ad).toBeGreaterThanOrEqual(1);

    const before = Date.now();
    const decided = await stack.call('POST', `/v1/jobs/${job.id}/review`, { body: { decision: 'block', categories: ['ad'], note: 'spam' } });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ jobId: job.id, status: 'decided', decision: { decision: 'block', categories: ['ad'], note: 'spam', by: keyId(KEYS.acme) } });
    expect(Date.parse(decided.body.decision.at)).toBeGreaterThanOrEqual(before - 1_000);

    expect((await list()).map((i) => i.jobId)).not.toContain(job.id);
    expect((await list('?status=decided')).find((i) => i.jobId === job.id)?.decision).toMatchObject({ decision: 'block' });
    const lines = await exported();
    expect(lines.find((l) => l.jobId === job.id)).toMatchObject({ task: 'text.moderate', text: REVIEW_TEXT, label: 'block', categories: ['ad'], note: 'spam', by: keyId(KEYS.acme) });

    const secret = (await stack.call('GET', '/v1/webhook-secret')).body.secret as string;
    const events = await eventually(async () => {
      const mine = receiver.received.filter((r) => r.body.includes(job.id));
      return mine.some((r) => r.body.includes('"job.reviewed"')) ? mine : undefined;
    }, 15_000, 'job.reviewed');
    const bodies = events.map((e) => verifyWebhook(secret, e.body, e.headers) as { type: string; data: Item });
    expect(bodies.map((b) => b.type)).toEqual(['job.completed', 'job.reviewed']);
    expect(bodies[1]!.data).toMatchObject({ jobId: job.id, status: 'decided', decision: { decision: 'block', categories: ['ad'] } });

    // A second decision replaces the first.
    const again = await stack.call('POST', `/v1/jobs/${job.id}/review`, { body: { decision: 'pass' } });
    expect(again.body.decision).toMatchObject({ decision: 'pass', categories: [] });
    expect((await exported()).filter((l) => l.jobId === job.id)).toMatchObject([{ label: 'pass' }]);

    // The labelled texts tenant-trained classifiers learn from.
    const redis = createRedis(REDIS_URL);
    try {
      const decisions = await exportDecisions(new ReviewStore(redis, redisKeys(stack.prefix), 86_400), 'acme');
      expect(decisions).toContainEqual({ text: REVIEW_TEXT, label: 'pass', categories: [] });
    } finally {
      redis.disconnect();
    }
  }, 60_000);

  it('keeps the text of a synchronous call for review though its call record keeps none', async () => {
    const res = await stack.call('POST', '/v1/text/moderate', { body: { text: REVIEW_TEXT } });
    expect(res.body.verdict).toBe('review');
    const record = (await stack.call('GET', `/v1/jobs/${res.body.jobId}`)).body;
    expect(record.compact).toBe(true);
    expect(JSON.stringify(record)).not.toContain('领取优惠');
    const item = (await list()).find((i) => i.jobId === res.body.jobId);
    expect(item?.evidence.text).toBe(REVIEW_TEXT);
    expect(item?.evidence.hits?.length).toBeGreaterThan(0);
  });

  it("files an image job with a review verdict with the image's fileId", async () => {
    const qr = await QRCode.toBuffer('hello', { type: 'png', width: 200, margin: 4 });
    const png = await sharp({ create: { width: 480, height: 360, channels: 3, background: '#bcd' } })
      .composite([{ input: qr, left: 140, top: 80 }])
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'qr.png');
    const upload = await fetch(`${stack.baseUrl}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${KEYS.acme}` }, body: form });
    const fileId = ((await upload.json()) as { id: string }).id;
    const job = await submit({ task: 'image.moderate', input: { image: { fileId } } });
    expect(job.result.verdict).toBe('review');
    const item = (await list('?task=image.moderate')).find((i) => i.jobId === job.id);
    expect(item).toMatchObject({ task: 'image.moderate', evidence: { fileId } });
    expect((await fetch(`${stack.baseUrl}/v1/files/${fileId}`, { headers: { authorization: `Bearer ${KEYS.acme}` } })).status).toBe(200);
  }, 60_000);

  it('files block verdicts only while the settings include them; a block can be decided all the same', async () => {
    expect((await stack.call('GET', '/v1/reviews/settings')).body).toEqual({ includeBlock: false });
    const left = await submit({ task: 'text.moderate', input: { text: BLOCK_TEXT } });
    expect(left.result.verdict).toBe('block');
    expect((await list()).map((i) => i.jobId)).not.toContain(left.id);

    expect((await stack.call('PUT', '/v1/reviews/settings', { body: { includeBlock: true } })).body).toEqual({ includeBlock: true });
    const filed = await submit({ task: 'text.moderate', input: { text: BLOCK_TEXT } });
    expect((await list()).find((i) => i.jobId === filed.id)).toMatchObject({ verdict: 'block', evidence: { text: BLOCK_TEXT } });
    expect((await stack.call('PUT', '/v1/reviews/settings', { body: { includeBlock: false } })).body).toEqual({ includeBlock: false });
    expect((await stack.call('PUT', '/v1/reviews/settings', { body: { includeBlok: true } })).body.error.message).toContain('includeBlock');

    // The block the queue left out is filed when someone decides it.
    const decided = await stack.call('POST', `/v1/jobs/${left.id}/review`, { body: { decision: 'pass', categories: ['sensitive'] } });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ jobId: left.id, verdict: 'block', status: 'decided', evidence: { text: BLOCK_TEXT } });
  }, 60_000);

  it('answers 409 not_reviewable for a job that passed, has no verdict or has not finished, and 400 for a bad decision', async () => {
    const passed = await submit({ task: 'text.moderate', input: { text: 'hello world, nice weather' } });
    const refusal = await stack.call('POST', `/v1/jobs/${passed.id}/review`, { body: { decision: 'block' } });
    expect(refusal.status).toBe(409);
    expect(refusal.body.error.code).toBe('not_reviewable');

    // No worker here serves video.moderate: the job stays queued.
    const video = await stack.call('POST', '/v1/jobs', { body: { task: 'video.moderate', input: { video: { base64: testPattern(1, '64x48', 5).toString('base64') } } } });
    expect(video.status).toBe(202);
    const queued = await stack.call('POST', `/v1/jobs/${video.body.id}/review`, { body: { decision: 'block' } });
    expect(queued.status).toBe(409);
    expect(queued.body.error).toMatchObject({ code: 'not_reviewable', message: expect.stringContaining('queued') });

    // No worker here serves image.ocr either; its task has no verdict at all.
    const ocr = await stack.call('POST', '/v1/jobs', { body: { task: 'image.ocr', input: { image: { base64: (await sharp({ create: { width: 32, height: 32, channels: 3, background: '#fff' } }).png().toBuffer()).toString('base64') } } } });
    const noVerdict = await stack.call('POST', `/v1/jobs/${ocr.body.id}/review`, { body: { decision: 'pass' } });
    expect(noVerdict.status).toBe(409);
    expect(noVerdict.body.error).toMatchObject({ code: 'not_reviewable', message: expect.stringContaining('no verdict') });

    const bad = await stack.call('POST', `/v1/jobs/${passed.id}/review`, { body: { decision: 'maybe', categorys: ['ad'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
  });

  it("answers 404 for another tenant's job and shows it none of the tenant's reviews", async () => {
    const job = await submit({ task: 'text.moderate', input: { text: REVIEW_TEXT } });
    const other = await stack.call('POST', `/v1/jobs/${job.id}/review`, { body: { decision: 'pass' }, key: KEYS.globex });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('not_found');
    expect(await list('', KEYS.globex)).toEqual([]);
    expect(await list('?status=decided', KEYS.globex)).toEqual([]);
    expect((await stack.call('GET', '/v1/reviews/summary', { key: KEYS.globex })).body).toEqual({ pending: 0, decided: 0, pendingByCategory: {} });
    expect((await list()).find((i) => i.jobId === job.id)?.status).toBe('pending');
  });

  it('pages newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submit({ task: 'text.moderate', input: { text: `${REVIEW_TEXT} ${i}` } })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Item[]; nextCursor: string | null } } = await stack.call('GET', `/v1/reviews?task=text.moderate&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((i) => i.jobId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 3)).toEqual([...ids].reverse());
    expect((await stack.call('GET', '/v1/reviews?cursor=nonsense')).status).toBe(400);
  });

  it('DELETE /v1/jobs/:id takes the review item and its decision with the job', async () => {
    const pending = await submit({ task: 'text.moderate', input: { text: REVIEW_TEXT }, webhook: { url: receiver.url } });
    const decided = await submit({ task: 'text.moderate', input: { text: REVIEW_TEXT }, webhook: { url: receiver.url } });
    expect((await stack.call('POST', `/v1/jobs/${decided.id}/review`, { body: { decision: 'block', categories: ['ad'] } })).status).toBe(200);
    await eventually(async () => (receiver.received.some((r) => r.body.includes(decided.id) && r.body.includes('"job.reviewed"')) ? true : undefined), 15_000, 'job.reviewed');
    for (const id of [pending.id, decided.id]) {
      expect(await keysNaming(stack.prefix, id)).not.toEqual([]);
      expect((await stack.call('DELETE', `/v1/jobs/${id}`)).status).toBe(204);
      expect((await stack.call('POST', `/v1/jobs/${id}/review`, { body: { decision: 'pass' } })).status).toBe(404);
    }
    expect((await list()).map((i) => i.jobId)).not.toContain(pending.id);
    expect((await list('?status=decided')).map((i) => i.jobId)).not.toContain(decided.id);
    expect((await exported()).map((l) => l.jobId)).not.toContain(decided.id);
    for (const id of [pending.id, decided.id]) {
      const left = await eventually(async () => {
        const found = await keysNaming(stack.prefix, id);
        return found.length ? undefined : found;
      }, 10_000, `no key naming ${id}`).catch(() => keysNaming(stack.prefix, id));
      expect(left).toEqual([]);
    }
  }, 60_000);
});

describe('review queue past JOB_RETENTION_SECONDS', () => {
  let stack: ProcessStack;
  beforeAll(async () => {
    stack = await startProcessStack({ plugins: 'text-moderation', tasks: ['text.moderate'], env: { JOB_RETENTION_SECONDS: '2', RETENTION_SWEEP_MS: '250' } });
  }, 120_000);
  afterAll(() => stack?.close());

  it('removes pending and decided items with their jobs', async () => {
    const a = (await stack.call('POST', '/v1/text/moderate', { body: { text: REVIEW_TEXT } })).body.jobId as string;
    const b = (await stack.call('POST', '/v1/text/moderate', { body: { text: REVIEW_TEXT } })).body.jobId as string;
    expect((await stack.call('POST', `/v1/jobs/${b}/review`, { body: { decision: 'block' } })).status).toBe(200);
    expect((await stack.call('GET', '/v1/reviews')).body.items.map((i: Item) => i.jobId)).toContain(a);
    expect(await keysNaming(stack.prefix, b)).not.toEqual([]);
    for (const id of [a, b]) {
      const left = await eventually(async () => {
        const found = await keysNaming(stack.prefix, id);
        return found.length ? undefined : found;
      }, 15_000, `retention to remove ${id}`).catch(() => keysNaming(stack.prefix, id));
      expect(left).toEqual([]);
    }
    expect((await stack.call('GET', '/v1/reviews?status=decided')).body.items).toEqual([]);
    expect((await stack.call('GET', '/v1/reviews/summary')).body).toMatchObject({ pending: 0, decided: 0 });
  }, 60_000);
});
