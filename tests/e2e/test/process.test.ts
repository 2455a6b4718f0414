import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, newPrefix, startStack, testEnv, type Stack } from './helpers/stack.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('graceful shutdown of a worker process', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: false });
  });
  afterAll(() => stack.close());

  it('SIGTERM during a job lets it finish; the job is not lost and the process exits 0', async () => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/slow-worker.mjs', import.meta.url))], {
      env: { ...process.env, ...testEnv(stack.prefix), DELAY_MS: '1500' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await once(child.stdout!, 'data');
    const { body: job } = await stack.call('POST', '/v1/jobs', { body: { task: 'text.moderate', input: { text: '加微信' } } });
    await eventually(async () => ((await stack.call('GET', `/v1/jobs/${job.id}`)).body.status === 'running' ? true : undefined));

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const view = (await stack.call('GET', `/v1/jobs/${job.id}`)).body;
    expect(view.status).toBe('succeeded');
    expect(view.result.hits[0].word).toBe('加微信');
  });
});

describe('keys CLI', () => {
  it('creates a key that the API accepts, lists it without the key, and revokes it', async () => {
    const prefix = newPrefix();
    const env = { ...process.env, ...testEnv(prefix), API_KEYS: '' };
    const run = (...args: string[]) => spawnSync(process.execPath, ['scripts/keys.mjs', ...args], { cwd: ROOT, env, encoding: 'utf8' });

    const created = run('create', '--tenant', 'initech');
    expect(created.status).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sk_[A-Za-z0-9_-]{32}$/);

    const stack = await startStack({ prefix, worker: false, env: { API_KEYS: '' } });
    try {
      expect((await stack.call('GET', '/v1/webhook-secret', { key })).status).toBe(200);
      const listed = run('list', '--tenant', 'initech');
      expect(listed.stdout).toMatch(/^[0-9a-f]{12}\tinitech\t/);
      expect(listed.stdout).not.toContain(key);
      const id = listed.stdout.split('\t')[0]!;
      expect(run('revoke', id).status).toBe(0);
      expect((await stack.call('GET', '/v1/webhook-secret', { key })).status).toBe(401);
      expect(run('create').status).toBe(2);
    } finally {
      await stack.close();
    }
  });
});
