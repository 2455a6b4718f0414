import type { Redis } from 'ioredis';
import { LuaScript } from '../luaScript.js';

/**
 * What an idempotency key holds. A request claims the key before it does
 * anything else (media stored, job written): the claim is `pending` and lives
 * only as long as a submission may take. Writing the job commits it in the
 * same script as the job's record (see JobStore.create), and from then on it
 * lives for the retention period, never longer than the record.
 *
 * Stored as `p|<id>|<fingerprint>` (pending) or `<id>|<fingerprint>` (committed).
 */
export interface IdempotencyClaim {
  id: string;
  fingerprint: string;
  pending: boolean;
}

export function encodeClaim(claim: IdempotencyClaim): string {
  return claim.pending ? `p|${claim.id}|${claim.fingerprint}` : `${claim.id}|${claim.fingerprint}`;
}

export function decodeClaim(value: string): IdempotencyClaim {
  const parts = value.split('|');
  if (parts[0] === 'p' && parts.length === 3) return { id: parts[1]!, fingerprint: parts[2]!, pending: true };
  return { id: parts[0] ?? '', fingerprint: parts[1] ?? '', pending: false };
}

/** KEYS: idem key; ARGV: pending value, its life in ms. The value already there, or nil once claimed. */
const CLAIM = new LuaScript(
  `local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`,
  1,
);

/** KEYS: idem key; ARGV: the value it must still hold. Deletes it only then, so nobody frees another request's claim. */
const RELEASE = new LuaScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  1,
);

/** Claims `key` with a pending claim; returns null when claimed, else the claim that holds it. */
export async function claimIdempotencyKey(redis: Redis, key: string, claim: IdempotencyClaim, lifeMs: number): Promise<IdempotencyClaim | null> {
  const held = (await CLAIM.run(redis, key, encodeClaim(claim), lifeMs)) as string | null;
  return held ? decodeClaim(held) : null;
}

/** Frees `key` if it still holds `claim`. */
export async function releaseIdempotencyKey(redis: Redis, key: string, claim: IdempotencyClaim): Promise<void> {
  await RELEASE.run(redis, key, encodeClaim(claim));
}
