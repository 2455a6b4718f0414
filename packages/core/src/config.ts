import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_FACE_MATCH_THRESHOLD, DEFAULT_LIVENESS_THRESHOLD } from './catalog/faceCommon.js';
import { ConfigError } from './errors/index.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min).max(max);
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** `tenant:key,tenant2:key2` */
const apiKeyList = z.string().transform((v, ctx) => {
  const out: { tenant: string; key: string }[] = [];
  for (const pair of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = pair.indexOf(':');
    const tenant = pair.slice(0, at);
    const key = pair.slice(at + 1);
    if (at <= 0 || key.length < 16 || !/^[A-Za-z0-9_.-]+$/.test(tenant)) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected tenant:key pairs separated by commas, tenant of [A-Za-z0-9_.-], key of 16+ characters',
      });
      return z.NEVER;
    }
    out.push({ tenant, key });
  }
  return out;
});

/**
 * The key prefix when REDIS_PREFIX is unset. The braces are a Redis Cluster hash
 * tag: every key (BullMQ's included) hashes to one slot, which BullMQ's multi-key
 * scripts and flows across queues require. Before hash tags the default was `crs`.
 */
export const DEFAULT_REDIS_PREFIX = '{crs}';

/** `host:port,host:port` (IPv6 addresses in brackets: `[::1]:26379`) */
const hostPortList = z.string().transform((v, ctx) => {
  const out: { host: string; port: number }[] = [];
  for (const item of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(item);
    const port = Number(match?.[3]);
    if (!match || port < 1 || port > 65535) {
      ctx.addIssue({ code: 'custom', message: `expected host:port pairs separated by commas, got "${item}"` });
      return z.NEVER;
    }
    out.push({ host: (match[1] ?? match[2])!, port });
  }
  if (!out.length) {
    ctx.addIssue({ code: 'custom', message: 'expected at least one host:port' });
    return z.NEVER;
  }
  return out;
});

/** `text.moderate=4,image.moderate=2` */
const concurrencyMap = z.string().transform((v, ctx) => {
  const out: Record<string, number> = {};
  for (const pair of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [task, n] = pair.split('=');
    const value = Number(n);
    if (!task || !Number.isInteger(value) || value < 1) {
      ctx.addIssue({ code: 'custom', message: 'expected task=N pairs separated by commas, N ≥ 1' });
      return z.NEVER;
    }
    out[task] = value;
  }
  return out;
});

/** Every environment variable the service reads, with its default. README's table mirrors this. */
const envSchema = z.object({
  PORT: int(0, 65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_{}-]+$/, 'letters, digits, _ - { } only').default(DEFAULT_REDIS_PREFIX),
  REDIS_SENTINELS: hostPortList.optional(),
  REDIS_SENTINEL_NAME: z.string().min(1).default('mymaster'),
  REDIS_SENTINEL_USERNAME: z.string().optional(),
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
  REDIS_CLUSTER_NODES: hostPortList.optional(),
  REDIS_USERNAME: z.string().optional(),
  REDIS_PASSWORD: z.string().optional(),
  REDIS_TLS: bool.optional(),
  REDIS_TLS_CA: z.string().optional(),
  DATA_DIR: z.string().default('./.data'),
  MODELS_DIR: z.string().optional(),
  CACHE_DIR: z.string().optional(),
  MODELS_EXTRA_DIRS: list.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_KEYS: apiKeyList.default([]),
  ADMIN_TOKEN: z.string().min(12, 'must be at least 12 characters').optional(),
  BODY_LIMIT_BYTES: int(1024).default(1_048_576),
  UPLOAD_IDLE_TIMEOUT_MS: int(100, 600_000).default(30_000),
  HTTP_HEADERS_TIMEOUT_MS: int(100, 600_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: int(0, 86_400_000).default(300_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(100, 600_000).default(5_000),
  HTTP_MAX_CONNECTIONS_PER_ADDRESS: int(0).default(256),
  JOB_RETENTION_SECONDS: int(1).default(86_400),
  RETENTION_SWEEP_MS: int(100).optional(),
  RECONCILE_INTERVAL_MS: int(100).default(15_000),
  DEFAULT_KEY_QPS: int(0).default(0),
  AUTH_FAILURE_LIMIT: int(0).default(20),
  AUTH_FAILURE_WINDOW_SECONDS: int(1, 86_400).default(60),
  TENANT_MAX_RUNNING: int(0).default(0),
  OPERATOR_TOKEN: z.string().min(12, 'must be at least 12 characters').optional(),
  METRICS_TOKEN: z.string().min(12, 'must be at least 12 characters').optional(),
  METRICS_PORT: int(0, 65535).default(9464),
  SYNC_KEEP_CONTENT: list.default([]),
  IDEMPOTENCY_WAIT_MS: int(0, 60_000).default(10_000),
  SYNC_TEXT_TIMEOUT_MS: int(100, 60_000).default(10_000),
  SYNC_COMPLETION: z.enum(['channel', 'queue-events']).default('channel'),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: bool.default(false),
  WEBHOOK_TIMEOUT_MS: int(100, 120_000).default(15_000),
  WEBHOOK_MAX_ATTEMPTS: int(1, 50).default(8),
  WEBHOOK_RETRY_SPAN_MS: int(10).default(86_400_000),
  WEBHOOK_PROGRESS_INTERVAL_MS: int(0).default(2_000),
  WEBHOOK_CONCURRENCY: int(1, 1000).default(16),
  LEXICON_DIR: z.string().optional(),
  LEXICON_RELOAD_MS: int(0).default(5_000),
  TEXT_PINYIN: bool.default(true),
  /** `builtin` (the model shipped in the text plugin), `off`, or the path of an abuse model file written by `npm run train:text`. */
  TEXT_ABUSE_MODEL: z.string().min(1).default('builtin'),
  MEDIA_MAX_IMAGE_BYTES: int(1024).default(20 * 1024 * 1024),
  MEDIA_MAX_VIDEO_BYTES: int(1024).default(500 * 1024 * 1024),
  MEDIA_MAX_AUDIO_BYTES: int(1024).default(100 * 1024 * 1024),
  IMAGE_MAX_PIXELS: int(1).default(50_000_000),
  RESTORE_THREAD_NICE: int(0, 19).default(10),
  IMAGE_MAX_FRAMES: int(1, 100).default(8),
  FACE_EMBEDDER: z.string().optional(),
  FACE_MAX_SIDE: int(320, 8192).default(1920),
  FACE_DETECT_SIDE: int(160, 4096).default(640),
  FACE_DETECT_THRESHOLD: z.coerce.number({ error: 'must be a number' }).min(0).max(1).default(0.7),
  FACE_MATCH_THRESHOLD: z.coerce.number({ error: 'must be a number' }).min(0).max(100).optional(),
  FACE_LIVENESS_THRESHOLD: z.coerce.number({ error: 'must be a number' }).min(0).max(1).optional(),
  URL_FETCH_TIMEOUT_MS: int(100, 600_000).default(30_000),
  URL_FETCH_MAX_REDIRECTS: int(0, 10).default(3),
  URL_ALLOW_PRIVATE_NETWORKS: bool.default(false),
  BLOB_STORE: z.enum(['fs', 's3']).default('fs'),
  S3_BUCKET: z.string().optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_FORCE_PATH_STYLE: bool.default(true),
  S3_KEY_PREFIX: z.string().default('crs/'),
  VIDEO_MAX_DURATION_SECONDS: int(1).default(7_200),
  VIDEO_MAX_PIXELS: int(1).default(7680 * 4320),
  VIDEO_FRAMES_PER_MINUTE: int(1, 600).default(10),
  VIDEO_LONG_FRAMES_PER_MINUTE: int(0, 600).default(4),
  VIDEO_MAX_FRAMES: int(1, 10_000).default(500),
  VIDEO_FFMPEG_PARALLEL: int(1, 64).optional(),
  VIDEO_KEYFRAME_SNAP_MS: int(0, 60_000).default(1_000),
  VIDEO_FFMPEG_TIMEOUT_MS: int(1_000).default(60_000),
  AUDIO_MAX_DURATION_SECONDS: int(1).default(3 * 3600),
  AUDIO_MIN_SAMPLE_RATE: int(1).default(8_000),
  VAD_THRESHOLD: z.coerce.number().min(0.05).max(0.95).default(0.5),
  ASR_ENGINE: z.enum(['auto', 'sherpa-onnx', 'pocketsphinx', 'none']).default('auto'),
  ASR_MODEL: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a directory name under MODELS_DIR/asr').default('sensevoice'),
  ASR_THREADS: int(1, 64).default(2),
  POCKETSPHINX_MODEL_DIR: z.string().default('/usr/share/pocketsphinx/model/en-us'),
  AUDIO_CHUNK_SECONDS: int(10, 3_600).default(120),
  OCR_ENGINE: z.enum(['paddle', 'tesseract']).default('paddle'),
  OCR_ENGINES: list.optional(),
  OCR_TESSERACT_WORKERS: int(1, 32).default(1),
  ORT_INTRA_OP_THREADS: int(0, 256).default(0),
  ORT_MAX_BATCH: int(1, 256).default(8),
  IMAGE_CLASSIFIERS: list.optional(),
  WORKER_PLUGINS: list.optional(),
  WORKER_TASKS: list.optional(),
  WORKER_CONCURRENCY: concurrencyMap.default({}),
  WORKER_SHUTDOWN_TIMEOUT_MS: int(0).default(30_000),
  WORKER_LOCK_MS: int(500, 600_000).default(10_000),
  WORKER_STALLED_INTERVAL_MS: int(100, 600_000).default(5_000),
  WORKER_MAX_STALLS: int(0, 100).default(2),
});

/**
 * The models that ship with the project (`models/` at the repository root: the
 * same two levels up from `packages/core/src` and from `packages/core/dist`).
 */
export const BUNDLED_MODELS_DIR = path.resolve(import.meta.dirname, '../../../models');

function toConfig(env: z.infer<typeof envSchema>) {
  const dataDir = path.resolve(env.DATA_DIR);
  const modelsDir = path.resolve(env.MODELS_DIR ?? BUNDLED_MODELS_DIR);
  const installedModelsDir = path.join(dataDir, 'models');
  return {
    server: {
      port: env.PORT,
      host: env.HOST,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      /** An upload that sends no bytes for this long is answered 400 and its connection closed. */
      uploadIdleTimeoutMs: env.UPLOAD_IDLE_TIMEOUT_MS,
      /** Slow clients: the request line and headers must arrive within `headersTimeoutMs`, the whole request within `requestTimeoutMs` (0 = no limit). */
      headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      /** Connections one client address may hold at once; 0 = no cap (behind a proxy every client shares its address). */
      maxConnectionsPerAddress: env.HTTP_MAX_CONNECTIONS_PER_ADDRESS,
    },
    redis: redisSettings(env),
    dataDir,
    /** Read only: the service never writes here (derived files go to `cacheDir`). */
    modelsDir,
    /** Where `npm run models -- fetch|import` installs models that do not ship with the project. */
    installedModelsDir,
    /**
     * Read-only directories searched after `modelsDir`: `MODELS_EXTRA_DIRS` (a shared
     * model store), then the installed models.
     */
    modelsExtraDirs: [...new Set([...(env.MODELS_EXTRA_DIRS ?? []).map((d) => path.resolve(d)), installedModelsDir])].filter((d) => d !== modelsDir),
    /** Files the service derives from models (conversions, links): safe to delete, remade at start. */
    cacheDir: path.resolve(env.CACHE_DIR ?? path.join(dataDir, 'cache')),
    audio: {
      maxDurationSeconds: env.AUDIO_MAX_DURATION_SECONDS,
      /** The service contract's floor: audio sampled below 8 kHz is refused. */
      minSampleRate: env.AUDIO_MIN_SAMPLE_RATE,
      vadThreshold: env.VAD_THRESHOLD,
      /** Speech spanning longer than this, first segment's start to last one's end, is transcribed in chunks by several workers. */
      chunkSeconds: env.AUDIO_CHUNK_SECONDS,
    },
    asr: {
      /** `auto`: sherpa-onnx when its model is installed, else none; pocketsphinx (English only) is chosen explicitly. */
      engine: env.ASR_ENGINE,
      model: env.ASR_MODEL,
      threads: env.ASR_THREADS,
      pocketsphinxModelDir: env.POCKETSPHINX_MODEL_DIR,
    },
    log: { level: env.LOG_LEVEL },
    text: {
      lexiconDir: path.resolve(env.LEXICON_DIR ?? path.join(dataDir, 'lexicons')),
      lexiconReloadMs: env.LEXICON_RELOAD_MS,
      pinyin: env.TEXT_PINYIN,
      abuseModel: env.TEXT_ABUSE_MODEL === 'builtin' || env.TEXT_ABUSE_MODEL === 'off' ? env.TEXT_ABUSE_MODEL : path.resolve(env.TEXT_ABUSE_MODEL),
    },
    media: {
      maxBytes: { image: env.MEDIA_MAX_IMAGE_BYTES, video: env.MEDIA_MAX_VIDEO_BYTES, audio: env.MEDIA_MAX_AUDIO_BYTES },
      fetch: {
        timeoutMs: env.URL_FETCH_TIMEOUT_MS,
        maxRedirects: env.URL_FETCH_MAX_REDIRECTS,
        allowPrivateNetworks: env.URL_ALLOW_PRIVATE_NETWORKS,
      },
    },
    video: {
      maxDurationSeconds: env.VIDEO_MAX_DURATION_SECONDS,
      maxPixels: env.VIDEO_MAX_PIXELS,
      /** The contract's sampling: this many frames per started minute up to 10 minutes… */
      framesPerMinute: env.VIDEO_FRAMES_PER_MINUTE,
      /** …then this many more per started minute beyond 10, up to `maxFrames`. */
      longFramesPerMinute: env.VIDEO_LONG_FRAMES_PER_MINUTE,
      maxFrames: env.VIDEO_MAX_FRAMES,
      // Each ffmpeg process decodes on one thread, so one per core.
      ffmpegParallel: env.VIDEO_FFMPEG_PARALLEL ?? Math.max(1, Math.min(8, os.availableParallelism())),
      ffmpegTimeoutMs: env.VIDEO_FFMPEG_TIMEOUT_MS,
      /** How far a sampling instant may move to sit on a keyframe (also at most a quarter of the spacing); 0 = never. */
      keyframeSnapMs: env.VIDEO_KEYFRAME_SNAP_MS,
    },
    ocr: {
      /** Engine used when a request names none. */
      defaultEngine: env.OCR_ENGINE,
      /** Engines a worker loads; both unless set. */
      engines: env.OCR_ENGINES ?? ['paddle', 'tesseract'],
      tesseractWorkers: env.OCR_TESSERACT_WORKERS,
    },
    image: {
      maxPixels: env.IMAGE_MAX_PIXELS,
      maxFrames: env.IMAGE_MAX_FRAMES,
      classifiers: env.IMAGE_CLASSIFIERS,
      /** How much lower (Linux nice) image.restore's threads run than the worker's event loop. */
      restoreThreadNice: env.RESTORE_THREAD_NICE,
    },
    face: {
      /** An embedder manifest (JSON) under the models directory; MobileFaceNet unless set. */
      embedder: env.FACE_EMBEDDER,
      /** Images are decoded scaled down to fit this side; landmarks and crops come from this size. */
      maxSide: env.FACE_MAX_SIDE,
      /** The detector looks at the image scaled to this side, and again at full size when that is much larger. */
      detectSide: env.FACE_DETECT_SIDE,
      detectThreshold: env.FACE_DETECT_THRESHOLD,
      matchThreshold: env.FACE_MATCH_THRESHOLD ?? DEFAULT_FACE_MATCH_THRESHOLD,
      livenessThreshold: env.FACE_LIVENESS_THRESHOLD ?? DEFAULT_LIVENESS_THRESHOLD,
    },
    blobs: {
      store: env.BLOB_STORE,
      dir: path.join(dataDir, 'blobs'),
      s3: {
        bucket: env.S3_BUCKET,
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
        keyPrefix: env.S3_KEY_PREFIX,
      },
    },
    /** onnxruntime settings; 0 threads lets onnxruntime pick one per core. */
    onnx: { intraOpThreads: env.ORT_INTRA_OP_THREADS, maxBatch: env.ORT_MAX_BATCH },
    auth: {
      apiKeys: env.API_KEYS,
      adminToken: env.ADMIN_TOKEN,
      operatorToken: env.OPERATOR_TOKEN,
      /** Requests per second for keys created without `--qps` and for `API_KEYS`; 0 = unlimited. */
      defaultQps: env.DEFAULT_KEY_QPS,
      /** Wrong API keys one address may send per window before it gets 429 `too_many_failed_auth`; 0 = no limit. */
      failureLimit: env.AUTH_FAILURE_LIMIT,
      failureWindowSeconds: env.AUTH_FAILURE_WINDOW_SECONDS,
    },
    jobs: {
      retentionSeconds: env.JOB_RETENTION_SECONDS,
      syncTextTimeoutMs: env.SYNC_TEXT_TIMEOUT_MS,
      /**
       * How the finish of a job the API waits on reaches it: `channel`, the worker publishes it on the
       * waiting API process's own pub/sub channel; `queue-events`, the API reads every queue's BullMQ
       * event stream (for a Redis front that refuses pub/sub, and as the baseline of the sync bench).
       */
      syncCompletion: env.SYNC_COMPLETION,
      /**
       * Tenants whose synchronous calls are kept whole (input and full result) for the retention
       * period; `*` for all. Everyone else's keep a compact call record only.
       */
      syncKeepContent: env.SYNC_KEEP_CONTENT,
      /** How long a request waits for an identical one that holds its idempotency key to write the job. */
      idempotencyWaitMs: env.IDEMPOTENCY_WAIT_MS,
      /** How often workers delete what is past retention: a tenth of it, between 1 s and 10 min unless set. */
      sweepIntervalMs: env.RETENTION_SWEEP_MS ?? Math.min(600_000, Math.max(1_000, env.JOB_RETENTION_SECONDS * 100)),
      /** How often workers settle jobs a killed worker left finished but unsettled (terminal event, retention, purge). */
      reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
    },
    /** The worker's Prometheus endpoint; 0 turns it off. With `token`, both /metrics endpoints want it as a bearer token. */
    metrics: { workerPort: env.METRICS_PORT, token: env.METRICS_TOKEN },
    webhooks: {
      allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      retrySpanMs: env.WEBHOOK_RETRY_SPAN_MS,
      progressIntervalMs: env.WEBHOOK_PROGRESS_INTERVAL_MS,
      concurrency: env.WEBHOOK_CONCURRENCY,
    },
    worker: {
      plugins: env.WORKER_PLUGINS,
      tasks: env.WORKER_TASKS,
      concurrency: env.WORKER_CONCURRENCY,
      shutdownTimeoutMs: env.WORKER_SHUTDOWN_TIMEOUT_MS,
      /**
       * A job's lock lasts `lockMs` and is renewed every half of it from the event
       * loop; plugins run their heavy work off the loop (onnxruntime, sharp, ffmpeg),
       * so the loop stays free to renew. A worker that dies stops renewing, and the
       * stalled-job check (every `stalledIntervalMs`) hands its jobs to another
       * worker: seconds, not minutes. A job that stalls more than `maxStalls` times
       * (it kills every worker that takes it) fails instead of going round forever.
       */
      lockMs: env.WORKER_LOCK_MS,
      stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
      maxStalls: env.WORKER_MAX_STALLS,
      /** Jobs of one tenant running at once across all workers; 0 = no cap. */
      tenantMaxRunning: env.TENANT_MAX_RUNNING,
    },
  };
}

export type Config = ReturnType<typeof toConfig>;

/** Redis Cluster hashes only the part of a key between the first `{` and the next `}`, when it is not empty. */
export function hasHashTag(prefix: string): boolean {
  return /^[^{]*\{[^}]+\}/.test(prefix);
}

/** How to reach Redis: one node (REDIS_URL), through Sentinel, or a Cluster; credentials and TLS apply to all three. */
export interface RedisSettings {
  /** The node in single-node mode; in Sentinel and Cluster mode only its user, password, database and scheme count. */
  url: string;
  prefix: string;
  sentinels: { host: string; port: number }[] | null;
  sentinelName: string;
  sentinelUsername?: string;
  sentinelPassword?: string;
  clusterNodes: { host: string; port: number }[] | null;
  /** Override the user and password of `url` (an ACL user, or `default`). */
  username?: string;
  password?: string;
  /** TLS to Redis (and to the sentinels): on with a rediss:// URL, REDIS_TLS=true or a CA file. */
  tls: boolean;
  /** A PEM file of the certificate authority Redis's certificates are checked against, instead of the system's. */
  tlsCaFile?: string;
}

function redisSettings(env: z.infer<typeof envSchema>): RedisSettings {
  return {
    url: env.REDIS_URL,
    prefix: env.REDIS_PREFIX,
    sentinels: env.REDIS_SENTINELS ?? null,
    sentinelName: env.REDIS_SENTINEL_NAME,
    sentinelUsername: env.REDIS_SENTINEL_USERNAME,
    sentinelPassword: env.REDIS_SENTINEL_PASSWORD,
    clusterNodes: env.REDIS_CLUSTER_NODES ?? null,
    username: env.REDIS_USERNAME,
    password: env.REDIS_PASSWORD,
    tls: env.REDIS_TLS ?? (env.REDIS_URL.startsWith('rediss:') || env.REDIS_TLS_CA !== undefined),
    tlsCaFile: env.REDIS_TLS_CA,
  };
}

/**
 * Reads the configuration once. Empty variables count as unset so that
 * `FOO=` in a compose file means "use the default".
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const { HTTP_HEADERS_TIMEOUT_MS: headers, HTTP_REQUEST_TIMEOUT_MS: request } = parsed.data;
  if (request > 0 && request < headers) {
    throw new ConfigError('HTTP_REQUEST_TIMEOUT_MS', `must be 0 or at least HTTP_HEADERS_TIMEOUT_MS (${headers})`);
  }
  if (parsed.data.REDIS_SENTINELS && parsed.data.REDIS_CLUSTER_NODES) {
    throw new ConfigError('REDIS_CLUSTER_NODES', 'cannot be set together with REDIS_SENTINELS; choose Sentinel or Cluster');
  }
  if (parsed.data.REDIS_CLUSTER_NODES && !hasHashTag(parsed.data.REDIS_PREFIX)) {
    throw new ConfigError('REDIS_PREFIX', `must contain a hash tag such as {crs} with REDIS_CLUSTER_NODES, so each job's keys share one cluster slot (got "${parsed.data.REDIS_PREFIX}")`);
  }
  if (parsed.data.BLOB_STORE === 's3' && !parsed.data.S3_BUCKET) {
    throw new ConfigError('S3_BUCKET', 'is required when BLOB_STORE=s3');
  }
  return toConfig(parsed.data);
}
