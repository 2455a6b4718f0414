import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** True when something at host:port answers a Redis PING. */
export function pingRedis(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

export function hasRedisServer() {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts a local redis-server the way the service needs it: append-only file so
 * accepted jobs survive a restart, and noeviction so Redis never drops a job.
 */
export async function startLocalRedis(dataDir, port = 6379) {
  const dir = path.resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', ''],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (let i = 0; i < 50; i++) {
    if (await pingRedis('127.0.0.1', port)) return child;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`redis-server did not start on 127.0.0.1:${port}`);
}

/**
 * Makes sure a Redis answers for a script's run: REDIS_URL or 127.0.0.1:6379
 * if something is there, else a throwaway redis-server. Resolves to a function
 * that stops and removes the throwaway one (a no-op otherwise).
 */
export async function ensureRedis(purpose) {
  if (process.env.REDIS_URL || (await pingRedis('127.0.0.1', 6379))) return async () => undefined;
  if (!hasRedisServer()) {
    console.error(`${purpose} need Redis: install redis-server (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL`);
    process.exit(1);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'crs-redis-'));
  console.log(`starting a throwaway redis-server on 127.0.0.1:6379 for ${purpose}`);
  const redis = await startLocalRedis(tmp);
  return async () => {
    redis.kill('SIGTERM');
    await new Promise((r) => (redis.exitCode !== null ? r() : redis.once('exit', r)));
    rmSync(tmp, { recursive: true, force: true });
  };
}
