import type { Redis } from 'ioredis';
import type { BlobStore } from './blobs/blobStore.js';
import type { Config } from './config.js';
import type { TaskInput, TaskName, TaskOutput } from './catalog/index.js';
import type { Logger } from './logger.js';

/** What a plugin gets once per process, to load models and read its settings. */
export interface PluginInitContext {
  logger: Logger;
  /** Directory holding model files (`MODELS_DIR`); plugins never read models from anywhere else. */
  modelsDir: string;
  config: Config;
  /** The host's Redis connection, for tenant data kept by `@crs/core` stores. */
  redis: Redis;
  blobs: BlobStore;
}

/**
 * Tasks served by plugins in the same worker process, for plugins that build on
 * each other (image moderation reading text through OCR, OCR moderating what it
 * read). A task this process does not serve is simply absent.
 */
export interface LocalTasks {
  has(task: string): boolean;
  /** Runs the task's handler in this process, input and output checked by the catalog. */
  run(task: string, input: unknown, ctx: JobContext): Promise<unknown>;
}

/** The outcome of one child job, in the order the children were given. */
export type ChildResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** What a plugin gets for one job. */
export interface JobContext {
  jobId: string;
  tenant: string;
  logger: Logger;
  /** Aborted when the job is canceled, times out or the worker is shutting down hard. */
  signal: AbortSignal;
  /** Reports progress 0–100; shown by `GET /v1/jobs/:id`, Bull Board and throttled webhooks. */
  progress(percent: number): Promise<void>;
  modelsDir: string;
  /** Where the job's media is; read it with `readMedia`. */
  blobs: BlobStore;
  local: LocalTasks;
  /** Stores bytes the job made (a video's frames) as a file owned by the job: deleted with it, swept at retention. */
  storeMedia(bytes: Buffer, contentType: string): Promise<string>;
  /**
   * Hands work to other workers: queues one child job per item and suspends this
   * job until every child has finished; the job then runs again with `resumed`
   * set. Never returns. `state` is kept for the second run (keep it small).
   */
  fanOut(task: string, inputs: unknown[], state: unknown): Promise<never>;
  /** On the run after `fanOut`: the state it was given and each child's outcome. */
  resumed: { state: unknown; results: ChildResult[] } | null;
}

/**
 * The contract every task plugin fulfils, and all the worker knows of a plugin.
 * `init` loads models once per process; `process` depends only on its input and
 * context, so any worker can run any job of the plugin's tasks; `close` releases
 * what `init` took.
 */
export interface TaskPlugin {
  readonly name: string;
  readonly tasks: readonly TaskName[];
  init(ctx: PluginInitContext): Promise<void>;
  process(task: TaskName, input: unknown, ctx: JobContext): Promise<unknown>;
  close(): Promise<void>;
}

export type TaskHandlers<T extends TaskName> = {
  [K in T]: (input: TaskInput<K>, ctx: JobContext) => Promise<TaskOutput<K>>;
};

export interface PluginDefinition<T extends TaskName> {
  name: string;
  /** One handler per task, typed by the catalog; the task list is derived from it. */
  handlers: TaskHandlers<T>;
  init(ctx: PluginInitContext): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds a plugin from typed per-task handlers. The worker validates input
 * against the catalog before `process` is called, so the cast below only
 * restores types the catalog already guaranteed.
 */
export function definePlugin<T extends TaskName>(def: PluginDefinition<T>): TaskPlugin {
  const tasks = Object.keys(def.handlers) as T[];
  return {
    name: def.name,
    tasks,
    init: (ctx) => def.init(ctx),
    close: () => def.close(),
    process(task, input, ctx) {
      const handler = def.handlers[task as T] as ((input: unknown, ctx: JobContext) => Promise<unknown>) | undefined;
      if (!handler) return Promise.reject(new Error(`plugin ${def.name} does not handle ${task}`));
      return handler(input, ctx);
    },
  };
}
