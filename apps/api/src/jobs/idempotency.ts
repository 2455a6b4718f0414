import { setTimeout as sleep } from 'node:timers/promises';
import {
  claimIdempotencyKey,
  encodeClaim,
  IdempotencyConflictError,
  IdempotencyKeyPendingError,
  releaseIdempotencyKey,
  type IdempotencyClaim,
  type IdempotencyCommit,
} from '@crs/core';
import type { ApiContext } from '../context.js';

/** This request holds the key: it makes the job `id`, commits the key with it, or releases the key. */
export interface OwnClaim {
  owner: true;
  id: string;
  redisKey: string;
  claim: IdempotencyClaim;
  /** What JobStore.create writes beside the record to commit the key. */
  commit: IdempotencyCommit;
}

/** An identical request made (or is making and has now written) job `id`. */
export interface OtherClaim {
  owner: false;
  id: string;
}

/**
 * A pending claim outlives the longest submission: a media URL fetch at its
 * time limit plus storing the bytes. A request that dies holding it blocks the
 * key no longer than that.
 */
function pendingLifeMs(ctx: ApiContext): number {
  return ctx.config.media.fetch.timeoutMs + 30_000;
}

/**
 * Claims the idempotency key for job `id` before the request does anything
 * else, or finds the job an identical request made with it. Concurrent
 * identical requests all end with the one job id: the first claims the key,
 * the others wait (up to IDEMPOTENCY_WAIT_MS) for its job to be written and
 * answer with it; when the claimer fails, the key is released and the next
 * claims it. A different request reusing the key gets 409. A claim still
 * pending after the wait (its owner is slow, or died before writing the job
 * and the claim has not lapsed yet) gets 503 `idempotency_key_pending`.
 */
export async function takeIdempotencyKey(ctx: ApiContext, tenant: string, key: string, id: string, fingerprint: string): Promise<OwnClaim | OtherClaim> {
  const redisKey = ctx.keys.idempotency(tenant, key);
  const mine: IdempotencyClaim = { id, fingerprint, pending: true };
  const deadline = Date.now() + ctx.config.jobs.idempotencyWaitMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
    const held = await claimIdempotencyKey(ctx.redis, redisKey, mine, pendingLifeMs(ctx));
    if (!held) {
      const commit = { key: redisKey, value: encodeClaim({ ...mine, pending: false }), seconds: ctx.config.jobs.retentionSeconds };
      return { owner: true, id, redisKey, claim: mine, commit };
    }
    if (held.fingerprint !== fingerprint) {
      throw new IdempotencyConflictError('this idempotencyKey was already used for a different request; use a new key');
    }
    const record = await ctx.jobs.get(held.id);
    if (record && !record.deletedAt) return { owner: false, id: held.id };
    if (!held.pending) {
      // Committed, yet its job is gone: a key written before keys went with their jobs. Free it and claim again.
      await releaseIdempotencyKey(ctx.redis, redisKey, held);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new IdempotencyKeyPendingError('an identical request holds this idempotencyKey and has not written its job yet; retry shortly');
    }
    await sleep(pause);
  }
}

/** Frees a claim this request holds, when it failed before its job was written. */
export async function dropClaim(ctx: ApiContext, own: OwnClaim): Promise<void> {
  await releaseIdempotencyKey(ctx.redis, own.redisKey, own.claim);
}
