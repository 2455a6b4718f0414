import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractOf } from './contract.js';
import { freePort } from './redisServer.js';
import { dropPrefix, eventually, KEYS, newPrefix, testEnv, type Stack } from './stack.js';

const API_MAIN = fileURLToPath(new URL('../../../../apps/api/dist/main.js', import.meta.url));
const WORKER_MAIN = fileURLToPath(new URL('../../../../apps/worker/dist/main.js', import.meta.url));

export interface ProcessStack {
  baseUrl: string;
  prefix: string;
  api: ChildProcess;
  worker: ChildProcess;
  call: Stack['call'];
  close(): Promise<void>;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
}

/**
 * The API and a worker as the processes `npm start` runs (their dist/main.js) on a prefix of their own,
 * the worker serving `plugins`; answers once both serve `tasks`. `call` checks every answer against the
 * published contract, as the in-process stack's does.
 */
export async function startProcessStack(options: { plugins: string; tasks: string[]; env?: Record<string, string> }): Promise<ProcessStack> {
  const prefix = newPrefix();
  const port = await freePort();
  const env = { ...process.env, ...testEnv(prefix, { PORT: String(port), HOST: '127.0.0.1', WORKER_PLUGINS: options.plugins, ...options.env }) };
  const api = spawn(process.execPath, [API_MAIN], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const worker = spawn(process.execPath, [WORKER_MAIN], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const baseUrl = `http://127.0.0.1:${port}`;
  const close = async () => {
    await Promise.all([stop(api), stop(worker)]);
    await dropPrefix(prefix);
    fs.rmSync(path.join(os.tmpdir(), `crs-${prefix}`), { recursive: true, force: true });
  };
  try {
    await eventually(
      async () => {
        const res = await fetch(`${baseUrl}/readyz`).catch(() => null);
        const body = res ? ((await res.json().catch(() => null)) as { tasksWithoutWorker?: string[] } | null) : null;
        return body?.tasksWithoutWorker && options.tasks.every((t) => !body.tasksWithoutWorker!.includes(t)) ? true : undefined;
      },
      120_000,
      `the API and a worker serving ${options.tasks.join(', ')}`,
    );
  } catch (err) {
    await close();
    throw err;
  }
  return {
    baseUrl,
    prefix,
    api,
    worker,
    async call(method, urlPath, { body, key = KEYS.acme, headers = {} } = {}) {
      const res = await fetch(baseUrl + urlPath, {
        method,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (the JSON Lines export)
      }
      (await contractOf(baseUrl)).check(method, urlPath, res.status, res.headers.get('content-type'), parsed);
      return { status: res.status, headers: res.headers, body: parsed as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    },
    close,
  };
}
