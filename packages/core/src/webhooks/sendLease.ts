import type { Redis } from 'ioredis';
import type { RedisKeys } from '../keys.js';
import { LuaScript } from '../luaScript.js';

/**
 * KEYS: the job's record, its sending mark; ARGV: message id, mark TTL ms. Marks an event of the job
 * as on its way, unless the job is gone or being deleted (0). The check and the mark are one step, so
 * a DELETE either sees the mark (and waits for it to clear) or the sender sees the deletion.
 */
const BEGIN = new LuaScript(
  `if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'deletedAt') == 1 then return 0 end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return 1`,
  2,
);
/** KEYS: the sending mark; ARGV: message id. Clears the mark if it is still this message's. */
const END = new LuaScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`,
  1,
);

/** Before a webhook is built and sent: false when the job is deleted (send nothing). */
export async function beginWebhookSend(redis: Redis, keys: RedisKeys, jobId: string, msgId: string, ttlMs: number): Promise<boolean> {
  return (await BEGIN.run(redis, keys.job(jobId), keys.webhookSending(jobId), msgId, ttlMs)) === 1;
}

export async function endWebhookSend(redis: Redis, keys: RedisKeys, jobId: string, msgId: string): Promise<void> {
  await END.run(redis, keys.webhookSending(jobId), msgId);
}

/**
 * What a DELETE does after marking the job deleted: waits until no event of the job is on its way
 * (at most `maxMs`, the sender's own time limit), so nothing about the job leaves after it answers.
 */
export async function waitForWebhookSends(redis: Redis, keys: RedisKeys, jobId: string, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while ((await redis.exists(keys.webhookSending(jobId))) === 1 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
}
