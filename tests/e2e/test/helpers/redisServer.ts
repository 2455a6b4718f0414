import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * A private redis-server on loopback, for tests that must stop Redis or give it
 * a setting the shared one must not have.
 */
export function startRedisServer(port: number, policy = 'noeviction', persistence?: { dir: string }): ChildProcess {
  // With a directory: an append-only file fsynced on every write, as production should run it.
  const aof = persistence ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', persistence.dir] : ['--appendonly', 'no'];
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...aof, '--maxmemory-policy', policy], {
    stdio: 'ignore',
  });
}
