import fs from 'node:fs';
import type { Socket } from 'node:net';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { Cluster, Redis, type ClusterNode, type RedisOptions } from 'ioredis';
import type { RedisSettings } from './config.js';
import type { Logger } from './logger.js';
import { coalesceWrites } from './redisWrites.js';

export interface RedisConnectionOptions {
  /**
   * Fail commands at once while Redis is unreachable instead of queueing them:
   * right for request handlers, which must answer 503 rather than hang. Workers
   * keep the default (queue and wait) so they ride out a restart or a failover.
   */
  failFast?: boolean;
  /** Connection errors are reported here, at most once per 10 s; ioredis reconnects by itself. */
  logger?: Logger;
}

/**
 * A connection as BullMQ needs it (`maxRetriesPerRequest: null`, so blocking
 * commands wait through reconnects instead of throwing), to one node, to the
 * primary Sentinel names, or to a Cluster, as `settings` say. A bare URL is one node.
 *
 * In Cluster mode the value is ioredis's `Cluster`, typed as `Redis`: both carry
 * the same command methods, pipelines, MULTI and Lua, which is all the service
 * uses, and BullMQ takes either. What only one node has (SCAN over the keyspace)
 * goes through `primaries()`.
 */
export function createRedis(settings: RedisSettings | string, options: RedisConnectionOptions = {}): Redis {
  const s: RedisSettings = typeof settings === 'string' ? singleNode(settings) : settings;
  const common: RedisOptions = {
    maxRetriesPerRequest: null,
    enableOfflineQueue: !options.failFast,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    // After a failover the old primary may come back as a replica; a write that reaches it
    // answers READONLY. Reconnecting (through Sentinel) finds the new primary and resends.
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
    ...credentials(s),
  };
  const tls = tlsOptions(s);
  let redis: Redis;
  if (s.clusterNodes) {
    const cluster = new Cluster(s.clusterNodes as ClusterNode[], {
      redisOptions: { ...common, ...(tls ? { tls } : {}) },
      enableOfflineQueue: !options.failFast,
      clusterRetryStrategy: (times) => Math.min(times * 200, 2_000),
      // TLS certificates name the hosts operators gave, not the addresses CLUSTER SLOTS reports.
      ...(tls ? { dnsLookup: (address: string, callback: (err: null, address: string) => void) => callback(null, address) } : {}),
    });
    cluster.on('+node', (node: Redis) => node.on('connect', () => coalesceWrites((node as unknown as { stream?: Socket }).stream)));
    redis = cluster as unknown as Redis;
  } else if (s.sentinels) {
    redis = new Redis({
      ...common,
      sentinels: s.sentinels,
      name: s.sentinelName,
      sentinelUsername: s.sentinelUsername,
      sentinelPassword: s.sentinelPassword,
      sentinelRetryStrategy: (times) => Math.min(times * 200, 2_000),
      // Not `failoverDetector`: with it, connections in the failover test sometimes ended for good
      // (status "end") after +switch-master instead of reconnecting. Without it a connection moves
      // when the old primary's socket closes, and asks the sentinels for the new one.
      ...(tls ? { tls, sentinelTLS: tls, enableTLSForSentinelMode: true } : {}),
      db: dbOf(s.url),
    });
  } else {
    const url = new URL(s.url);
    redis = new Redis({
      ...common,
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 6379),
      db: dbOf(s.url),
      ...(tls ? { tls } : {}),
    });
  }
  if (!s.clusterNodes) {
    // ioredis makes a new socket on every reconnect; each one gets the same treatment.
    redis.on('connect', () => coalesceWrites((redis as unknown as { stream?: Socket }).stream));
  }
  let lastReport = 0;
  redis.on('error', (err: Error) => {
    const now = Date.now();
    if (options.logger && now - lastReport > 10_000) {
      lastReport = now;
      options.logger.warn({ err: err.message }, 'Redis connection error; reconnecting');
    }
  });
  return redis;
}

/** True when the connection is a Cluster client (see createRedis). */
export function isCluster(redis: Redis): boolean {
  return (redis as unknown as { isCluster?: boolean }).isCluster === true;
}

/**
 * One connection per primary for commands that act on one node's keyspace
 * (SCAN): the connection itself for one node or Sentinel, the Cluster's
 * connections to each of its primaries otherwise.
 */
export function primaries(redis: Redis): Redis[] {
  return isCluster(redis) ? (redis as unknown as Cluster).nodes('master') : [redis];
}

function singleNode(url: string): RedisSettings {
  return { url, prefix: '', sentinels: null, sentinelName: 'mymaster', clusterNodes: null, tls: url.startsWith('rediss:') };
}

/** REDIS_USERNAME / REDIS_PASSWORD win over the user and password in REDIS_URL. */
function credentials(s: RedisSettings): Pick<RedisOptions, 'username' | 'password'> {
  const url = new URL(s.url);
  const username = s.username ?? (url.username ? decodeURIComponent(url.username) : undefined);
  const password = s.password ?? (url.password ? decodeURIComponent(url.password) : undefined);
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

function dbOf(url: string): number {
  const db = Number(new URL(url).pathname.slice(1) || 0);
  return Number.isInteger(db) && db >= 0 ? db : 0;
}

function tlsOptions(s: RedisSettings): TlsOptions | null {
  if (!s.tls) return null;
  return s.tlsCaFile ? { ca: fs.readFileSync(s.tlsCaFile) } : {};
}

/**
 * BullMQ loses jobs when Redis evicts keys under memory pressure; only
 * `noeviction` is safe. Warns rather than refusing, because managed Redis
 * services often forbid CONFIG and the operator may have set it elsewhere.
 */
export async function checkEvictionPolicy(redis: Redis, logger: Logger): Promise<string | null> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1] ?? null;
    if (policy !== 'noeviction') {
      logger.warn(
        { policy },
        'Redis maxmemory-policy is not "noeviction": jobs can be evicted under memory pressure; set maxmemory-policy noeviction',
      );
    }
    return policy;
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'could not read Redis maxmemory-policy; make sure it is "noeviction"');
    return null;
  }
}

/** Resolves once the connection is ready, or rejects after `timeoutMs`. */
export async function waitForRedis(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis did not become ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}
