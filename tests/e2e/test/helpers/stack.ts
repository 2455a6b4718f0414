import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp, createContext, type ApiContext } from '@crs/api';
import { createLogger, createRedis, loadConfig, primaries, waitForRedis, type Config, type Resolver, type TaskPlugin } from '@crs/core';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { contractOf } from './contract.js';
import { createWorkerHost, type WorkerHost } from '@crs/worker';

export const KEYS = {
  acme: 'acme-key-0123456789abcdef',
  globex: 'globex-key-0123456789abcdef',
};
export const ADMIN_TOKEN = 'admin-token-for-tests';
/** One models directory for the whole run, so the nsfwjs conversion is cached between stacks. */
/** Shared by every stack, so the nsfwjs conversion is made once per machine, not once per test file. */
export const TEST_CACHE_DIR = path.join(os.tmpdir(), 'crs-e2e-cache');
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * Set by `npm run test:cluster -w @crs/e2e` (scripts/onCluster.mjs): every stack then talks to a
 * Redis Cluster on loopback, with hash-tagged prefixes, instead of the one node at REDIS_URL.
 */
export const CLUSTER_NODES = process.env.E2E_REDIS_CLUSTER_NODES || undefined;

export interface StackOptions {
  env?: Record<string, string>;
  /** Run a worker in-process; false leaves jobs queued. */
  worker?: boolean;
  plugins?: TaskPlugin[];
  resolve?: Resolver;
  /** Addresses media URLs may reach; see UrlPolicy.isAllowedAddress. */
  isAllowedAddress?: (address: string) => boolean;
  prefix?: string;
}

export interface Stack {
  baseUrl: string;
  prefix: string;
  config: Config;
  ctx: ApiContext;
  host: WorkerHost | null;
  call(method: string, path: string, options?: { body?: unknown; key?: string | null; headers?: Record<string, string> }): Promise<{
    status: number;
    headers: Headers;
    body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  }>;
  close(): Promise<void>;
}

/** Environment every test stack starts from: its own Redis prefix, two tenants, quiet logs. */
export function testEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL,
    DATA_DIR: path.join(os.tmpdir(), `crs-${prefix}`),
    CACHE_DIR: TEST_CACHE_DIR,
    METRICS_PORT: '0',
    REDIS_PREFIX: prefix,
    ...(CLUSTER_NODES ? { REDIS_CLUSTER_NODES: CLUSTER_NODES } : {}),
    API_KEYS: `acme:${KEYS.acme},globex:${KEYS.globex}`,
    ADMIN_TOKEN,
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

export function newPrefix(): string {
  const name = `test-${randomBytes(4).toString('hex')}`;
  return CLUSTER_NODES ? `{${name}}` : name;
}

/** Deletes every key under the prefix, so nothing a test wrote outlives it. */
export async function dropPrefix(prefix: string): Promise<void> {
  const redis = CLUSTER_NODES ? createRedis(loadConfig({ REDIS_CLUSTER_NODES: CLUSTER_NODES, REDIS_PREFIX: prefix }).redis) : createRedis(REDIS_URL);
  if (CLUSTER_NODES) await waitForRedis(redis, 10_000);
  for (const node of primaries(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  }
  redis.disconnect();
}

/** API (on a random loopback port) and optionally a worker, in-process, against the real Redis. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const prefix = options.prefix ?? newPrefix();
  const config = loadConfig(testEnv(prefix, options.env));
  const logger = createLogger('test', 'silent');
  const ctx = await createContext(config, logger, { resolve: options.resolve, isAllowedAddress: options.isAllowedAddress });
  const server: Server = createApp(ctx).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const host =
    options.worker === false
      ? null
      : await createWorkerHost({ config, logger, plugins: options.plugins ?? [createTextModerationPlugin()], resolve: options.resolve });

  return {
    baseUrl,
    prefix,
    config,
    ctx,
    host,
    async call(method, urlPath, { body, key = KEYS.acme, headers = {} } = {}) {
      const res = await fetch(baseUrl + urlPath, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' || body instanceof FormData ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (Bull Board HTML)
      }
      if (method !== 'HEAD') (await contractOf(baseUrl)).check(method, urlPath, res.status, res.headers.get('content-type'), parsed);
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await host?.close();
      await ctx.close();
      await dropPrefix(prefix);
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
