import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startStack, type Stack } from './helpers/stack.js';

describe("a tenant's text policy: lexicons, thresholds and per-request words", () => {
  let stack: Stack;
  const moderate = (text: string, extra: Record<string, unknown> = {}, key = KEYS.acme) =>
    stack.call('POST', '/v1/text/moderate', { body: { text, ...extra }, key });

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('creates, lists, edits and deletes lists, and the worker applies each change on the next job', async () => {
    expect((await moderate('新品竞品A上市')).body.hits).toEqual([]);

    const created = await stack.call('POST', '/v1/lexicons', { body: { name: 'rivals', terms: ['竞品A', '竞品B'] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'rivals', kind: 'deny', category: 'custom', weight: 0.9, termCount: 2 });
    const id = created.body.id as string;

    const hit = await moderate('新品竞品A上市');
    expect(hit.body.verdict).toBe('block');
    expect(hit.body.hits).toEqual([
      { category: 'custom', word: '竞品A', lexicon: 'tenant:rivals', start: 2, end: 5, matched: '竞品A', evasion: [], source: 'lexicon' },
    ]);

    const patched = await stack.call('PATCH', `/v1/lexicons/${id}`, { body: { add: ['竞品C'], remove: ['竞品A'], weight: 0.6 } });
    expect(patched.body).toMatchObject({ termCount: 2, weight: 0.6 });
    expect((await stack.call('GET', `/v1/lexicons/${id}`)).body.terms).toEqual(['竞品B', '竞品C']);
    const after = await moderate('竞品A和竞品C');
    expect(after.body.hits.map((h: { word: string }) => h.word)).toEqual(['竞品C']);
    expect(after.body.verdict).toBe('review');

    const list = await stack.call('GET', '/v1/lexicons');
    expect(list.body.lexicons.map((l: { id: string }) => l.id)).toEqual([id]);

    expect((await stack.call('DELETE', `/v1/lexicons/${id}`)).status).toBe(204);
    expect((await moderate('竞品C')).body.hits).toEqual([]);
    expect((await stack.call('GET', `/v1/lexicons/${id}`)).status).toBe(404);
  });

  it('keeps one tenant\'s lists and thresholds away from another', async () => {
    const created = await stack.call('POST', '/v1/lexicons', { body: { name: 'secret', terms: ['机密词'] } });
    expect((await moderate('机密词', {}, KEYS.globex)).body.hits).toEqual([]);
    for (const [method, body] of [['GET'], ['PATCH', { add: ['x'] }], ['DELETE']] as const) {
      const res = await stack.call(method, `/v1/lexicons/${created.body.id}`, { body, key: KEYS.globex });
      expect(res.status).toBe(404);
    }
    expect((await stack.call('GET', '/v1/lexicons', { key: KEYS.globex })).body.lexicons).toEqual([]);
    await stack.call('DELETE', `/v1/lexicons/${created.body.id}`);
  });

  it('lets an allow list clear built-in hits it covers', async () => {
    expect((await moderate('卖冰毒乐队的新歌')).body.verdict).toBe('block');
    const allow = await stack.call('POST', '/v1/lexicons', { body: { name: 'bands', kind: 'allow', terms: ['冰毒乐队'] } });
    expect((await moderate('卖冰毒乐队的新歌')).body).toMatchObject({ verdict: 'pass', hits: [] });
    expect((await moderate('卖冰毒')).body.verdict).toBe('block');
    await stack.call('DELETE', `/v1/lexicons/${allow.body.id}`);
  });

  it('applies per-tenant thresholds', async () => {
    expect((await moderate('买大麻')).body.verdict).toBe('review');
    const put = await stack.call('PUT', '/v1/text/thresholds', { body: { thresholds: { sensitive: { review: 0.2, block: 0.5 } } } });
    expect(put.body.thresholds.sensitive).toEqual({ review: 0.2, block: 0.5 });
    expect(put.body.thresholds.porn).toEqual({ review: 0.5, block: 0.9 });
    expect((await moderate('买大麻')).body.verdict).toBe('block');
    expect((await moderate('买大麻', {}, KEYS.globex)).body.verdict).toBe('review');
    await stack.call('PUT', '/v1/text/thresholds', { body: { thresholds: {} } });
    expect((await moderate('买大麻')).body.verdict).toBe('review');
  });

  it('applies per-request thresholds over the tenant\'s, category by category, through both routes', async () => {
    const strict = { thresholds: { sensitive: { review: 0.2, block: 0.5 } } };
    expect((await moderate('买大麻')).body.verdict).toBe('review');
    expect((await moderate('买大麻', strict)).body.verdict).toBe('block');
    const job = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: '买大麻', ...strict } }, headers: { prefer: 'wait=10' } });
    expect(job.body.result.verdict).toBe('block');
    await stack.call('PUT', '/v1/text/thresholds', { body: { thresholds: { sensitive: { review: 0.2, block: 0.5 } } } });
    expect((await moderate('买大麻', { thresholds: { sensitive: { review: 0.5, block: 0.99 } } })).body.verdict).toBe('review');
    await stack.call('PUT', '/v1/text/thresholds', { body: { thresholds: {} } });
  });

  it('joins the parts of combinations in a list created with combinations, and takes & literally in any other', async () => {
    const combos = await stack.call('POST', '/v1/lexicons', { body: { name: 'launches', combinations: true, terms: ['新款&停产'] } });
    expect(combos.status).toBe(201);
    expect(combos.body).toMatchObject({ combinations: true, termCount: 1 });
    const plain = await stack.call('POST', '/v1/lexicons', { body: { name: 'brands', terms: ['P&G'] } });
    expect(plain.body).toMatchObject({ combinations: false });

    expect((await moderate('听说新款下月就停产了，P&G也是')).body.hits).toEqual([
      { category: 'custom', word: '新款&停产', lexicon: 'tenant:launches', start: 2, end: 9, matched: '新款下月就停产', evasion: [], source: 'lexicon' },
      { category: 'custom', word: 'P&G', lexicon: 'tenant:brands', start: 11, end: 14, matched: 'P&G', evasion: [], source: 'lexicon' },
    ]);
    // The parts must share a clause.
    expect((await moderate('新款很好。明天停产')).body.hits).toEqual([]);

    const badAdd = await stack.call('PATCH', `/v1/lexicons/${combos.body.id}`, { body: { add: ['新款&'] } });
    expect({ status: badAdd.status, code: badAdd.body.error.code }).toEqual({ status: 400, code: 'invalid_request' });
    expect(badAdd.body.error.message).toMatch(/empty part in combination "新款&"/);
    for (const body of [
      { name: 'n', combinations: true, terms: ['&停产'] },
      { name: 'n', kind: 'allow', combinations: true, terms: ['a&b'] },
    ]) {
      const res = await stack.call('POST', '/v1/lexicons', { body });
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 400, code: 'invalid_request' });
      expect(res.body.error.message).toMatch(/body\.(terms\.0: empty part|combinations: an allow list)/);
    }
    await stack.call('DELETE', `/v1/lexicons/${combos.body.id}`);
    await stack.call('DELETE', `/v1/lexicons/${plain.body.id}`);
  });

  it('takes denyWords and allowWords per request, allow beating deny', async () => {
    const res = await moderate('今天促销：猫粮半价，狗粮买一送一，冰毒', { denyWords: ['猫粮', '狗粮'], allowWords: ['狗粮', '冰毒'] });
    expect(res.body.hits.map((h: { word: string; lexicon: string }) => `${h.lexicon}:${h.word}`)).toEqual(['request:猫粮']);
  });

  it('returns the text masked when asked, hits at the same code-point offsets', async () => {
    const res = await moderate('😀 buy 冰毒 from this a$$hole', { mask: true });
    expect(res.status).toBe(200);
    expect(res.body.masked).toBe('😀 buy ** from this *******');
    for (const h of res.body.hits as { start: number; end: number }[]) expect([...res.body.masked].slice(h.start, h.end).join('')).toMatch(/^\*+$/);
    expect(res.body.hits.map((h: { word: string }) => h.word)).toEqual(expect.arrayContaining(['冰毒', 'asshole']));
    expect((await moderate('冰毒', { mask: '#' })).body.masked).toBe('##');
    expect((await moderate('冰毒')).body.masked).toBeUndefined();
    const bad = await moderate('冰毒', { mask: '**' });
    expect({ status: bad.status, code: bad.body.error.code }).toEqual({ status: 400, code: 'invalid_request' });
    expect(bad.body.error.message).toMatch(/mask must be true, false or one visible character/);
  });

  it('refuses a term made mostly of symbols, naming it, in lists and per-request words', async () => {
    const list = await stack.call('POST', '/v1/lexicons', { body: { name: 'n', terms: ['ok', 'a$$'] } });
    expect({ status: list.status, code: list.body.error.code }).toEqual({ status: 400, code: 'invalid_request' });
    expect(list.body.error.message).toMatch(/body\.terms\.1: term "a\$\$" is mostly punctuation or symbols.*would match only "a"/);
    const words = await moderate('x', { allowWords: ['$$$'] });
    expect(words.status).toBe(400);
    expect(words.body.error.message).toMatch(/term "\$\$\$" is mostly punctuation or symbols/);
  });

  it('refuses bad list requests with 400 and a message naming the field', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/v1/lexicons', { terms: ['x'] }],
      ['POST', '/v1/lexicons', { name: 'n', kind: 'maybe' }],
      ['POST', '/v1/lexicons', { name: 'n', terms: [''] }],
      ['POST', '/v1/lexicons', { name: 'n', weight: 3 }],
      ['PUT', '/v1/text/thresholds', { thresholds: { porn: { review: 0.9, block: 0.5 } } }],
      ['PUT', '/v1/text/thresholds', { thresholds: { nonsense: { review: 0.1, block: 0.5 } } }],
    ];
    for (const [method, path, body] of cases) {
      const res = await stack.call(method, path, { body });
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 400, code: 'invalid_request' });
      expect(res.body.error.message).toMatch(/body\./);
    }
    const created = await stack.call('POST', '/v1/lexicons', { body: { name: 'n' } });
    const empty = await stack.call('PATCH', `/v1/lexicons/${created.body.id}`, { body: {} });
    expect(empty.status).toBe(400);
  });
});
