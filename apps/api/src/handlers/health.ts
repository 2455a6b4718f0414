import { locateFfmpeg, TASK_NAMES, TaskWorkers } from '@crs/core';
import type { ApiContext } from '../context.js';
import type { Handler } from '../http/types.js';

/** `GET /healthz`: the process is up. */
export const healthz = (): Handler => async () => ({ status: 200, body: { status: 'ok' } });

/**
 * Looked up once: whether the ffmpeg and ffprobe that video and audio tasks use are
 * on this host. Only yes or no: the answer is public, and where they live is the
 * operator's business (the worker logs it at start-up).
 */
let media: { ffmpeg: boolean; ffprobe: boolean } | undefined;
function describeFfmpeg() {
  const found = locateFfmpeg() !== null;
  return { ffmpeg: found, ffprobe: found };
}

/**
 * `GET /readyz`: Redis answers and at least one worker has announced its tasks,
 * so jobs can be accepted and will be run. `tasksWithoutWorker` names the tasks
 * no live worker serves (their jobs wait in the queue until one starts).
 */
export const readyz =
  (ctx: ApiContext): Handler =>
  async () => {
    const redis = await Promise.race([
      ctx.redis.ping().then(() => 'ok' as const),
      new Promise<'unreachable'>((resolve) => setTimeout(() => resolve('unreachable'), 1_000).unref()),
    ]).catch(() => 'unreachable' as const);
    const tasksWithoutWorker = redis === 'ok' ? await new TaskWorkers(ctx.redis, ctx.keys).withoutWorker(TASK_NAMES).catch(() => [...TASK_NAMES]) : [...TASK_NAMES];
    const workers = tasksWithoutWorker.length < TASK_NAMES.length ? ('ok' as const) : ('none' as const);
    const ready = redis === 'ok' && workers === 'ok';
    media ??= describeFfmpeg();
    return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'not_ready', checks: { redis, workers }, tasksWithoutWorker, media } };
  };
