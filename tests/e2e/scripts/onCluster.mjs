// Runs e2e test files against a Redis Cluster of three primaries started on loopback for the run:
//   npm run test:cluster -w @crs/e2e -- test/jobs.test.ts test/webhooks.test.ts
// Each stack then connects through REDIS_CLUSTER_NODES with a hash-tagged prefix (see test/helpers/stack.ts).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-e2e-cluster-'));
const ports = [await freePort(), await freePort(), await freePort()];
const servers = ports.map((port) =>
  spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir,
    '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' }),
);
let code = 1;
try {
  for (const port of ports) {
    for (let i = 0; spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() !== 'PONG'; i++) {
      if (i > 100) throw new Error(`redis on ${port} did not start`);
      await sleep(50);
    }
  }
  const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-yes'], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(created.stdout + created.stderr);
  for (let i = 0; !ports.every((p) => spawnSync('redis-cli', ['-p', String(p), 'cluster', 'info'], { encoding: 'utf8' }).stdout.includes('cluster_state:ok')); i++) {
    if (i > 300) throw new Error('cluster did not reach cluster_state:ok');
    await sleep(50);
  }
  const nodes = ports.map((p) => `127.0.0.1:${p}`).join(',');
  console.error(`cluster ready on ${nodes}`);
  const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, E2E_REDIS_CLUSTER_NODES: nodes } });
  code = run.status ?? 1;
} finally {
  for (const s of servers) s.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
