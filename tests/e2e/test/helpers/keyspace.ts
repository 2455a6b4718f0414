import type { Redis } from 'ioredis';

/** Every key of the database with everything it holds as text: name, fields, members, scores, stream entries. */
export async function dumpKeyspace(redis: Redis, match = '*'): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) out.set(key, await valueText(redis, key));
  } while (cursor !== '0');
  return out;
}

async function valueText(redis: Redis, key: string): Promise<string> {
  const type = await redis.type(key);
  const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('latin1') : Array.isArray(v) ? v.map(text).join('\n') : String(v));
  switch (type) {
    case 'string':
      return text(await redis.getBuffer(key));
    case 'hash':
      return text(Object.entries(await redis.hgetallBuffer(key)).flat());
    case 'list':
      return text(await redis.lrangeBuffer(key, 0, -1));
    case 'set':
      return text(await redis.smembersBuffer(key));
    case 'zset':
      return text(await redis.zrangeBuffer(key, 0, -1, 'WITHSCORES'));
    case 'stream':
      return text(await redis.xrange(key, '-', '+'));
    default:
      return '';
  }
}

/** The keys (matching `match`: a test prefix on a shared Redis) whose name or value mentions any of `needles`, with the needle found. */
export async function tracesOf(redis: Redis, needles: string[], match = '*'): Promise<string[]> {
  const found: string[] = [];
  for (const [key, value] of await dumpKeyspace(redis, match)) {
    for (const needle of needles) if (key.includes(needle) || value.includes(needle)) found.push(`${key} ∋ ${needle}`);
  }
  return found;
}
