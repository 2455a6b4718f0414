import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script sent by its SHA1 (EVALSHA): EVAL sends the whole source with
 * every call and Redis hashes it each time. A Redis that does not know the
 * script yet (first use, a restart, SCRIPT FLUSH) answers NOSCRIPT, and the
 * call goes again as EVAL, which also loads it.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(
    private readonly source: string,
    private readonly numberOfKeys: number,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, ...keysAndArgs: (string | number | Buffer)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, this.numberOfKeys, ...keysAndArgs);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.eval(this.source, this.numberOfKeys, ...keysAndArgs);
    }
  }
}
