import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './redisServer.js';
import { dropPrefix, eventually, newPrefix, testEnv } from './stack.js';

const API_MAIN = fileURLToPath(new URL('../../../../apps/api/dist/main.js', import.meta.url));

export interface ApiProcess {
  port: number;
  baseUrl: string;
  prefix: string;
  child: ChildProcess;
  /** Still running (not crashed). */
  alive(): boolean;
  close(): Promise<void>;
}

/** The API as its own process (dist/main.js), so a crash shows as an exit instead of taking the test runner down. */
export async function startApiProcess(env: Record<string, string> = {}): Promise<ApiProcess> {
  const prefix = newPrefix();
  const port = await freePort();
  const child = spawn(process.execPath, [API_MAIN], {
    env: { ...process.env, ...testEnv(prefix, { PORT: String(port), HOST: '127.0.0.1', ...env }) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await eventually(async () => ((await fetch(`${baseUrl}/healthz`).catch(() => null))?.ok ? true : undefined), 20_000, 'the API to listen');
  return {
    port,
    baseUrl,
    prefix,
    child,
    alive: () => child.exitCode === null && child.signalCode === null,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      }
      await dropPrefix(prefix);
      fs.rmSync(path.join(os.tmpdir(), `crs-${prefix}`), { recursive: true, force: true });
    },
  };
}
