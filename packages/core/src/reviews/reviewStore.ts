import type { Redis } from 'ioredis';
import { MODERATION_CATEGORIES, type Category, type Label, type Hit, type Verdict } from '../catalog/moderation.js';
import type { RedisKeys } from '../keys.js';
import { LuaScript } from '../luaScript.js';
import { evidenceOf, isReviewableTask, needsReview } from './reviewable.js';
import { allReviewIndexKeys, reviewIndexKeys } from './reviewKeys.js';
import type { RecordedDecision, ReviewDecisionBody, ReviewItem, ReviewSettings, ReviewStatus, ReviewSummary } from './schemas.js';

/**
 * KEYS: the job's record, the item, then the pending index sets; ARGV: job id, finish time (the score),
 * life in seconds, then the item's field/value pairs. Files the item once, only while the job exists and
 * is not being deleted: a second call (a retried attempt, the API filing it on a decision) changes nothing,
 * so a decision already made stays. 1 when filed, 2 when already there, 0 when the job is gone.
 */
const RECORD = new LuaScript(
  `if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'deletedAt') == 1 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
redis.call('HSET', KEYS[2], 'createdAt', redis.call('HGET', KEYS[1], 'createdAt'), unpack(ARGV, 4))
redis.call('EXPIRE', KEYS[2], ARGV[3])
for i = 3, #KEYS do redis.call('ZADD', KEYS[i], ARGV[2], ARGV[1]) end
return 1`,
  'variable',
);

/**
 * KEYS: the job's record, the item, then ARGV[2] index sets to leave (every one of the tenant's), then
 * the decided sets to join; ARGV: job id, how many sets to leave, the decision (JSON). One step, so a
 * DELETE of the job either finds the decision (and removes it) or makes it fail (0).
 */
const DECIDE = new LuaScript(
  `if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'deletedAt') == 1 then return 0 end
local fin = redis.call('HGET', KEYS[2], 'fin')
if not fin then return 0 end
redis.call('HSET', KEYS[2], 'status', 'decided', 'dec', ARGV[3])
local leave = tonumber(ARGV[2])
for i = 3, 2 + leave do redis.call('ZREM', KEYS[i], ARGV[1]) end
for i = 3 + leave, #KEYS do redis.call('ZADD', KEYS[i], fin, ARGV[1]) end
return 1`,
  'variable',
);

/** A finished job of a reviewable task, as the worker (or the API, for a decision) knows it. */
export interface FinishedJob {
  id: string;
  tenant: string;
  task: string;
  input: unknown;
  result: unknown;
  finishedAt: number;
}

export interface ReviewCursor {
  score: number;
  id: string;
}

interface StoredDecision {
  decision: RecordedDecision['decision'];
  categories: Category[];
  note?: string;
  by: string;
  at: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Categories a result was flagged in: those whose label did not pass. */
function flagged(labels: Label[]): Category[] {
  return labels.filter((l) => l.verdict !== 'pass').map((l) => l.category);
}

/**
 * The review queue of every tenant in Redis: one hash per item (the evidence, the decision), named after
 * its job and expiring with it, and sorted sets per tenant and status (whole, by task, by category) scored
 * by the time the job finished. Shared by the worker, which files items as jobs finish, and the API.
 */
export class ReviewStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly retentionSeconds: number,
  ) {}

  async settings(tenant: string): Promise<ReviewSettings> {
    return { includeBlock: (await this.redis.hget(this.keys.reviewSettings(tenant), 'includeBlock')) === '1' };
  }

  async setSettings(tenant: string, settings: ReviewSettings): Promise<void> {
    await this.redis.hset(this.keys.reviewSettings(tenant), 'includeBlock', settings.includeBlock ? '1' : '0');
  }

  /**
   * Files a finished job for review when its verdict needs a person (`review`, or `block` when the
   * tenant includes blocks; `force` files any verdict but `pass`, for a decision on a job the queue did
   * not hold). True when the job has an item now.
   */
  async record(job: FinishedJob, options: { force?: boolean } = {}): Promise<boolean> {
    if (!isReviewableTask(job.task)) return false;
    const result = job.result as { verdict?: unknown; labels?: Label[] } | null;
    const verdict = result?.verdict;
    if (verdict !== 'review' && verdict !== 'block') return false;
    if (!options.force && !needsReview(verdict, verdict === 'block' && (await this.settings(job.tenant)).includeBlock)) return false;
    const labels = Array.isArray(result?.labels) ? result.labels : [];
    const evidence = evidenceOf(job.task, job.input);
    const fields = ['tenant', job.tenant, 'task', job.task, 'status', 'pending', 'verdict', verdict, 'labels', JSON.stringify(labels), 'fin', String(job.finishedAt), 'result', JSON.stringify(job.result)];
    if (evidence.text !== undefined) fields.push('text', evidence.text);
    if (evidence.fileId !== undefined) fields.push('fileId', evidence.fileId);
    const sets = reviewIndexKeys(this.keys, job.tenant, 'pending', job.task, flagged(labels));
    const filed = await RECORD.runWithKeys(this.redis, [this.keys.job(job.id), this.keys.reviewItem(job.id), ...sets], [job.id, job.finishedAt, this.retentionSeconds, ...fields]);
    return filed !== 0;
  }

  /** The tenant's item for the job; null when there is none (or it is another tenant's). */
  async get(id: string, tenant: string): Promise<ReviewItem | null> {
    const h = await this.redis.hgetall(this.keys.reviewItem(id));
    return h.tenant === tenant ? toItem(id, h) : null;
  }

  /**
   * Records a person's decision (a second one replaces the first) and moves the item to the decided
   * sets. Null when the item or its job is gone.
   */
  async decide(id: string, tenant: string, body: ReviewDecisionBody, by: string, at: number): Promise<ReviewItem | null> {
    const item = await this.get(id, tenant);
    if (!item) return null;
    const categories = [...new Set(body.categories ?? [])];
    const decision: StoredDecision = { decision: body.decision, categories, ...(body.note !== undefined ? { note: body.note } : {}), by, at };
    const leave = allReviewIndexKeys(this.keys, tenant);
    const join = reviewIndexKeys(this.keys, tenant, 'decided', item.task, [...flagged(item.labels), ...categories]);
    const done = await DECIDE.runWithKeys(this.redis, [this.keys.job(id), this.keys.reviewItem(id), ...leave, ...join], [id, leave.length, JSON.stringify(decision)]);
    return done === 1 ? this.get(id, tenant) : null;
  }

  /**
   * A page of the tenant's items in `status`, newest first, optionally of one task and one category,
   * after `cursor`. Items past retention are not listed; entries whose item is gone are dropped.
   */
  async page(tenant: string, q: { status: ReviewStatus; task?: string; category?: string; cursor?: ReviewCursor; count: number }): Promise<{ items: ReviewItem[]; next: ReviewCursor | null }> {
    const key = this.keys.reviewIndex(tenant, q.status, q.category ? `cat:${q.category}` : q.task ? `task:${q.task}` : undefined);
    const min = this.oldestKept();
    const items: ReviewItem[] = [];
    let cursor = q.cursor;
    // Filtering by task and category at once reads the category's set and skips other tasks; the budget bounds that work.
    for (let budget = 2_000; items.length < q.count && budget > 0; ) {
      const want = q.count - items.length;
      const batch = await this.range(key, min, cursor, want);
      const hashes = await this.readItems(batch.map((b) => b.id));
      for (let i = 0; i < batch.length; i++) {
        const entry = batch[i]!;
        const h = hashes[i]!;
        cursor = entry;
        if (!h.tenant) {
          await this.forgetIndex(tenant, entry.id);
          continue;
        }
        const item = toItem(entry.id, h);
        if (!q.task || item.task === q.task) items.push(item);
      }
      if (batch.length < want) return { items, next: null };
      budget -= batch.length;
    }
    return { items, next: cursor ?? null };
  }

  /** Every decided item of the tenant, newest first, read a page at a time. */
  async *decided(tenant: string): AsyncGenerator<ReviewItem> {
    let cursor: ReviewCursor | null | undefined;
    do {
      const page = await this.page(tenant, { status: 'decided', count: 200, ...(cursor ? { cursor } : {}) });
      yield* page.items;
      cursor = page.next;
    } while (cursor);
  }

  async summary(tenant: string): Promise<ReviewSummary> {
    const min = this.oldestKept();
    const pipeline = this.redis.pipeline();
    pipeline.zcount(this.keys.reviewIndex(tenant, 'pending'), min, '+inf');
    pipeline.zcount(this.keys.reviewIndex(tenant, 'decided'), min, '+inf');
    for (const c of MODERATION_CATEGORIES) pipeline.zcount(this.keys.reviewIndex(tenant, 'pending', `cat:${c}`), min, '+inf');
    const counts = ((await pipeline.exec()) ?? []).map(([err, n]) => {
      if (err) throw err;
      return Number(n);
    });
    const pendingByCategory: ReviewSummary['pendingByCategory'] = {};
    MODERATION_CATEGORIES.forEach((c, i) => {
      if (counts[i + 2]) pendingByCategory[c] = counts[i + 2]!;
    });
    return { pending: counts[0] ?? 0, decided: counts[1] ?? 0, pendingByCategory };
  }

  /** Index entries of a job whose item is gone (past retention): out of every set of the tenant. */
  private async forgetIndex(tenant: string, id: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of allReviewIndexKeys(this.keys, tenant)) multi.zrem(key, id);
    await multi.exec();
  }

  /** Items finish no earlier than this and still be kept. */
  private oldestKept(): number {
    return Date.now() - this.retentionSeconds * 1000;
  }

  private async range(key: string, min: number, cursor: ReviewCursor | undefined, count: number): Promise<ReviewCursor[]> {
    const max = cursor ? String(cursor.score) : '+inf';
    // Ties on the score are ordered by id, descending; fetch a little extra to step past the cursor's.
    const raw = await this.redis.zrange(key, max, min, 'BYSCORE', 'REV', 'LIMIT', 0, count + 50, 'WITHSCORES');
    const out: ReviewCursor[] = [];
    for (let i = 0; i < raw.length && out.length < count; i += 2) {
      const entry = { id: raw[i]!, score: Number(raw[i + 1]) };
      if (cursor && entry.score === cursor.score && entry.id >= cursor.id) continue;
      out.push(entry);
    }
    return out;
  }

  private async readItems(ids: string[]): Promise<Record<string, string>[]> {
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.reviewItem(id));
    return ((await pipeline.exec()) ?? []).map(([err, h]) => {
      if (err) throw err;
      return h as Record<string, string>;
    });
  }
}

/** The public item from its hash. */
function toItem(jobId: string, h: Record<string, string>): ReviewItem {
  const result = JSON.parse(h.result ?? 'null') as { hits?: Hit[] } | null;
  const hits = Array.isArray(result?.hits) && result.hits.length ? result.hits : undefined;
  const dec = h.dec ? (JSON.parse(h.dec) as StoredDecision) : undefined;
  return {
    jobId,
    task: h.task!,
    status: h.status === 'decided' ? 'decided' : 'pending',
    verdict: h.verdict as Verdict,
    labels: JSON.parse(h.labels ?? '[]') as Label[],
    createdAt: iso(Number(h.createdAt)),
    finishedAt: iso(Number(h.fin)),
    evidence: {
      ...(h.text !== undefined ? { text: h.text } : {}),
      ...(hits ? { hits } : {}),
      ...(h.fileId !== undefined ? { fileId: h.fileId } : {}),
      result,
    },
    ...(dec ? { decision: { decision: dec.decision, categories: dec.categories, ...(dec.note !== undefined ? { note: dec.note } : {}), by: dec.by, at: iso(dec.at) } } : {}),
  };
}
