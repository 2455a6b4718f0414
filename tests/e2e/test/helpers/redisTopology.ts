import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './redisServer.js';

/** Throwaway Redis processes on loopback: a Sentinel set or a Cluster, torn down with stop(). */
export interface Topology {
  dir: string;
  processes: Map<number, ChildProcess>;
  stop(): Promise<void>;
}

function startServer(dir: string, port: number, args: string[]): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...args], { stdio: 'ignore' });
}

async function untilAnswers(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
      redis.disconnect();
      return;
    } catch {
      redis.disconnect();
      if (Date.now() > deadline) throw new Error(`redis on port ${port} did not answer`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function topology(dir: string, processes: Map<number, ChildProcess>): Topology {
  return {
    dir,
    processes,
    async stop() {
      await Promise.all(
        [...processes.values()].map(async (p) => {
          if (p.exitCode !== null || p.signalCode !== null) return;
          p.kill('SIGKILL');
          await new Promise((r) => p.once('exit', r));
        }),
      );
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SentinelSet extends Topology {
  primaryPort: number;
  replicaPort: number;
  sentinelPorts: number[];
  name: string;
}

/**
 * A primary, one replica and three sentinels (quorum 2) that declare the
 * primary down after 1 s without an answer.
 */
export async function startSentinelSet(name = 'crsmaster'): Promise<SentinelSet> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-sentinel-'));
  const processes = new Map<number, ChildProcess>();
  const primaryPort = await freePort();
  const replicaPort = await freePort();
  processes.set(primaryPort, startServer(dir, primaryPort, []));
  await untilAnswers(primaryPort);
  processes.set(replicaPort, startServer(dir, replicaPort, ['--replicaof', '127.0.0.1', String(primaryPort)]));
  await untilAnswers(replicaPort);
  const sentinelPorts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const conf = path.join(dir, `sentinel-${port}.conf`);
    fs.writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 2`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 5000`,
        `sentinel parallel-syncs ${name} 1`,
        '',
      ].join('\n'),
    );
    processes.set(port, spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
    sentinelPorts.push(port);
  }
  for (const port of sentinelPorts) await untilAnswers(port);
  // The sentinels must have found the replica (through the primary) before a failover can pick it.
  const probe = new Redis({ port: sentinelPorts[0], host: '127.0.0.1' });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const replicas = (await probe.call('SENTINEL', 'REPLICAS', name)) as string[][];
    const sentinels = (await probe.call('SENTINEL', 'SENTINELS', name)) as string[][];
    const linked = replicas.some((r) => r.includes(String(replicaPort)) && r[r.indexOf('master-link-status') + 1] === 'ok');
    if (linked && sentinels.length >= 2) break;
    if (Date.now() > deadline) throw new Error('sentinels did not discover the replica and each other');
    await new Promise((r) => setTimeout(r, 100));
  }
  probe.disconnect();
  return { ...topology(dir, processes), primaryPort, replicaPort, sentinelPorts, name };
}

export interface ClusterSet extends Topology {
  ports: number[];
}

/** Three primaries sharing the 16384 slots, no replicas. */
export async function startCluster(): Promise<ClusterSet> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-cluster-'));
  const processes = new Map<number, ChildProcess>();
  const ports: number[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    ports.push(port);
    processes.set(
      port,
      startServer(dir, port, ['--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, `nodes-${port}.conf`), '--cluster-node-timeout', '2000', '--maxmemory-policy', 'noeviction']),
    );
  }
  for (const port of ports) await untilAnswers(port);
  const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-yes'], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ok = ports.every((port) => spawnSync('redis-cli', ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8' }).stdout.includes('cluster_state:ok'));
    if (ok) break;
    if (Date.now() > deadline) throw new Error('cluster did not reach cluster_state:ok');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { ...topology(dir, processes), ports };
}
