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
    /** How many of `run`'s arguments are keys; 'variable' for scripts called through `runWithKeys`. */
    private readonly numberOfKeys: number | 'variable',
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, ...keysAndArgs: (string | number | Buffer)[]): Promise<unknown> {
    if (this.numberOfKeys === 'variable') throw new Error('a script taking a variable number of keys runs through runWithKeys');
    return this.send(redis, this.numberOfKeys, keysAndArgs);
  }

  /** For scripts whose number of keys depends on the call (every key a script touches must be passed as a key). */
  async runWithKeys(redis: Redis, keys: string[], args: (string | number | Buffer)[]): Promise<unknown> {
    return this.send(redis, keys.length, [...keys, ...args]);
  }

  private async send(redis: Redis, numberOfKeys: number, keysAndArgs: (string | number | Buffer)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, numberOfKeys, ...keysAndArgs);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.eval(this.source, numberOfKeys, ...keysAndArgs);
    }
  }
}
