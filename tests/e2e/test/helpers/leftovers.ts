import { createRedis } from '@crs/core';
import { REDIS_URL } from './stack.js';

/**
 * Every key under `prefix` whose name or value names `needle` (a job id), as
 * `key` or `key → value`. BullMQ's event streams (`<queue>:events`) are left
 * out: what they carry is trimmed on its own schedule, not by a job's delete.
 */
export async function keysNaming(prefix: string, needle: string): Promise<string[]> {
  const redis = createRedis(REDIS_URL);
  const found: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        if (key.endsWith(':events')) continue;
        if (key.includes(needle)) {
          found.push(key);
          continue;
        }
        const type = await redis.type(key);
        let values: string[] = [];
        if (type === 'string') values = [(await redis.get(key)) ?? ''];
        else if (type === 'hash') values = Object.entries(await redis.hgetall(key)).flat();
        else if (type === 'list') values = await redis.lrange(key, 0, -1);
        else if (type === 'set') values = await redis.smembers(key);
        else if (type === 'zset') values = await redis.zrange(key, 0, -1);
        else if (type === 'stream') values = (await redis.xrange(key, '-', '+')).flatMap(([, fields]) => fields);
        const hit = values.find((v) => v.includes(needle));
        if (hit !== undefined) found.push(`${key} → ${hit.slice(0, 120)}`);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return found;
}
