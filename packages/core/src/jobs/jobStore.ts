import type { Redis } from 'ioredis';
import type { RedisKeys } from '../keys.js';

/** The service's own record of a job, beside BullMQ's: who owns it and what became of it. */
export interface JobRecord {
  id: string;
  tenant: string;
  task: string;
  createdAt: number;
  canceledAt?: number;
  /** Set when the owner deleted a job that was still running; the worker purges it when it stops. */
  deletedAt?: number;
  /** Blob ids stored for this job's inputs (from url or base64); they go when the job goes. */
  media?: string[];
}

/**
 * Looks jobs up by id without knowing their queue, and keeps what BullMQ cannot:
 * the owning tenant (checked on every read) and a cancel mark that outlives the
 * removal of a job canceled before it ran.
 */
export class JobStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async create(record: JobRecord): Promise<void> {
    await this.redis.hset(this.keys.job(record.id), {
      tenant: record.tenant,
      task: record.task,
      createdAt: String(record.createdAt),
      ...(record.media?.length ? { media: record.media.join(',') } : {}),
    });
  }

  async get(id: string): Promise<JobRecord | null> {
    const h = await this.redis.hgetall(this.keys.job(id));
    if (!h.tenant || !h.task || !h.createdAt) return null;
    const record: JobRecord = { id, tenant: h.tenant, task: h.task, createdAt: Number(h.createdAt) };
    if (h.canceledAt) record.canceledAt = Number(h.canceledAt);
    if (h.deletedAt) record.deletedAt = Number(h.deletedAt);
    if (h.media) record.media = h.media.split(',');
    return record;
  }

  /** The record only when it belongs to `tenant`; another tenant's job looks like no job at all. */
  async getOwned(id: string, tenant: string): Promise<JobRecord | null> {
    const record = await this.get(id);
    return record && record.tenant === tenant && !record.deletedAt ? record : null;
  }

  async markCanceled(id: string, at: number): Promise<void> {
    await this.redis.hset(this.keys.job(id), 'canceledAt', String(at));
  }

  async markDeleted(id: string, at: number): Promise<void> {
    await this.redis.hset(this.keys.job(id), 'deletedAt', String(at));
  }

  async isCanceled(id: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.job(id), 'canceledAt')) === 1;
  }

  /** Starts the retention clock once the job has finished. */
  async expireAfter(id: string, seconds: number): Promise<void> {
    await this.redis.expire(this.keys.job(id), seconds);
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(this.keys.job(id));
  }
}
