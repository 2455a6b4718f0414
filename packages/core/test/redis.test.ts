import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEvictionPolicy, createLogger, createRedis, waitForRedis } from '../src/index.js';

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** A private redis-server with the dangerous policy, so the shared one is never reconfigured. */
describe('checkEvictionPolicy against a real redis-server', () => {
  let child: ChildProcess;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--maxmemory-policy', 'allkeys-lru'], {
      stdio: 'ignore',
    });
  });
  afterAll(() => {
    child.kill('SIGKILL');
  });

  it('warns when the policy is not noeviction and stays quiet when it is', async () => {
    const redis = createRedis(`redis://127.0.0.1:${port}`);
    await waitForRedis(redis, 10_000);
    const warnings: string[] = [];
    const logger = createLogger('test', 'warn');
    logger.warn = ((obj: unknown, msg?: string) => warnings.push(String(msg ?? obj))) as typeof logger.warn;

    expect(await checkEvictionPolicy(redis, logger)).toBe('allkeys-lru');
    expect(warnings.join()).toMatch(/noeviction/);

    warnings.length = 0;
    await redis.config('SET', 'maxmemory-policy', 'noeviction');
    expect(await checkEvictionPolicy(redis, logger)).toBe('noeviction');
    expect(warnings).toEqual([]);
    redis.disconnect();
  });
});
