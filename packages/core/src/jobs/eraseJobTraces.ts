import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { LuaScript } from '../luaScript.js';

/** Stream entries one call of SCRUB_STREAM reads, so a long stream never blocks Redis for long. */
const SCRUB_BATCH = 2_000;

/**
 * KEYS: an event stream; ARGV: the text to look for, the entry id to start after ('-' at first), batch size.
 * Deletes the entries with a field value that contains the text (BullMQ's events name a job in `jobId`,
 * its result in `returnvalue`, a webhook's job in its message id). Returns where the next call starts, or '' at the end.
 */
const SCRUB_STREAM = new LuaScript(
  `local entries = redis.call('XRANGE', KEYS[1], ARGV[2] == '-' and '-' or ('(' .. ARGV[2]), '+', 'COUNT', tonumber(ARGV[3]))
local gone = {}
for _, entry in ipairs(entries) do
  local fields = entry[2]
  for i = 2, #fields, 2 do
    if string.find(fields[i], ARGV[1], 1, true) then gone[#gone + 1] = entry[1] break end
  end
end
if #gone > 0 then redis.call('XDEL', KEYS[1], unpack(gone)) end
if #entries < tonumber(ARGV[3]) then return '' end
return entries[#entries][1]`,
  1,
);

/** Deletes every entry of `stream` that mentions `text`, a batch per call. */
export async function scrubStream(redis: Redis, stream: string, text: string): Promise<void> {
  for (let after = '-'; ; ) {
    after = (await SCRUB_STREAM.run(redis, stream, text, after, SCRUB_BATCH)) as string;
    if (!after) return;
  }
}

/**
 * The entries of the job's queue's and the webhook queue's event streams that
 * name the job (and carry its result or its webhook's payload). purgeJob calls
 * this once the job and its webhook messages are gone.
 */
export async function eraseJobTraces(queue: Queue, webhooks: Queue, id: string): Promise<void> {
  const client = (await queue.client) as unknown as Redis;
  await scrubStream(client, queue.toKey('events'), id);
  await scrubStream(client, webhooks.toKey('events'), id);
}

/** Drops event-stream entries older than `cutoffMs`: stream ids start with the time they were written. */
export async function trimEventsBefore(queue: Queue, cutoffMs: number): Promise<number> {
  const client = (await queue.client) as unknown as Redis;
  return client.xtrim(queue.toKey('events'), 'MINID', String(Math.max(0, Math.floor(cutoffMs))));
}
