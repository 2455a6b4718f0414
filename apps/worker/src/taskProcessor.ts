import { UnrecoverableError, WaitingChildrenError, type Job, type Processor } from 'bullmq';
import {
  AppError,
  catalog,
  decodeFailure,
  encodeFailure,
  enqueueWebhookEvent,
  InternalError,
  JobCanceledError,
  JobTimeoutError,
  parseTaskInput,
  summarizeFailure,
  summarizeResult,
  type Config,
  type JobPayload,
  type JobStore,
  type Logger,
  type QueueRegistry,
  type ReviewStore,
  type BlobStore,
  type LocalTasks,
  type TaskName,
  type TaskPlugin,
} from '@crs/core';
import { fanOut, ResumeNow, resumeState, storeJobMedia } from './fanOut.js';
import { keepSummary } from './keepSummary.js';
import { isMissingJobKey, type RunningJobs } from './runningJobs.js';

export interface TaskProcessorDeps {
  task: TaskName;
  plugin: TaskPlugin;
  config: Config;
  jobs: JobStore;
  reviews: ReviewStore;
  queues: QueueRegistry;
  logger: Logger;
  blobs: BlobStore;
  local: LocalTasks;
  running: RunningJobs;
}

/**
 * Rejects when `signal` aborts, so a plugin that ignores its signal cannot hold the job. The work is
 * always listened to: a plugin that fails after the job was given up must not take the process down.
 */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The messages of an error's causes, innermost last: a tool's or library's own words
 * (server paths, stderr), which the caller's message leaves out and the log keeps.
 */
function causesOf(err: unknown): string[] | undefined {
  const out: string[] = [];
  for (let e = (err as Error | undefined)?.cause; e && out.length < 5; e = (e as Error).cause) out.push(e instanceof Error ? e.message : String(e));
  return out.length ? out : undefined;
}

/**
 * Turns any failure into what BullMQ needs: an `UnrecoverableError` when another
 * attempt cannot help (bad input, cancel), a plain error otherwise, both with
 * the stable code encoded in the message.
 */
function toBullmqError(err: unknown): Error {
  const appError = err instanceof AppError ? err : new InternalError(err instanceof Error ? err.message : String(err));
  const message = encodeFailure(appError);
  return appError.retryable ? new Error(message, { cause: err }) : new UnrecoverableError(message);
}

/** The BullMQ processor for one task: validation, cancel, timeout and progress around the plugin call. */
export function createTaskProcessor(deps: TaskProcessorDeps): Processor<JobPayload> {
  const def = catalog[deps.task];
  const { progressIntervalMs } = deps.config.webhooks;
  const run = async (job: Job<JobPayload>, token?: string, cancelSignal?: AbortSignal): Promise<unknown> => {
    const jobId = job.id!;
    const logger = deps.logger.child({ jobId, task: deps.task, attempt: job.attemptsMade + 1 });
    // One controller for every reason to stop: the time limit, a cancel mark found in Redis, and a cancel
    // while running (BullMQ's signal). AbortSignal.any over three would do the same at a cost per job
    // that showed in profiles of the sync path.
    const stop = new AbortController();
    const signal = stop.signal;
    let timedOut: JobTimeoutError | undefined;
    const timer = setTimeout(() => {
      timedOut = new JobTimeoutError(`the task ran longer than its ${def.timeoutMs} ms limit`);
      stop.abort(timedOut);
    }, def.timeoutMs);
    const canceledWhileRunning = () => new JobCanceledError('the job was canceled while running');
    const onCancel = () => stop.abort(canceledWhileRunning());
    if (cancelSignal?.aborted) onCancel();
    else cancelSignal?.addEventListener('abort', onCancel, { once: true });
    deps.running.add(jobId, onCancel);
    // The job was deleted under a call made for it (progress, media, child jobs): it ends as canceled,
    // quietly, and its worker purges it.
    const deleted = () => {
      deps.running.remove(jobId);
      if (!signal.aborted) onCancel();
    };
    // A cancel that came before this worker took the job is found by asking Redis. The question goes out
    // now and the plugin starts beside it, so the plugin's own first reads share its round trip; the answer
    // comes first on the connection, aborts the plugin at its first await, and is awaited before a result counts.
    // A frame (child job) is canceled with its parent: it asks about the parent's record.
    const canceledBefore = () => new JobCanceledError('the job was canceled');
    const owner = job.data.internal && job.parent?.id ? job.parent.id : jobId;
    const canceled = deps.jobs.isCanceled(owner).then((yes) => {
      if (yes) stop.abort(canceledBefore());
      return yes;
    });
    canceled.catch(() => undefined); // awaited below; this only keeps an early Redis error from going unhandled
    try {
      const input = parseTaskInput(deps.task, job.data.input);
      const progress = async (percent: number) => {
        const value = Math.round(Math.min(100, Math.max(0, percent)));
        if (signal.aborted) return;
        try {
          await job.updateProgress(value);
        } catch (err) {
          if (!isMissingJobKey(err, jobId)) throw err;
          return deleted();
        }
        if (progressIntervalMs > 0) {
          await enqueueWebhookEvent(deps.queues.webhooks(), jobId, job.data, 'job.progress', deps.config.webhooks, {
            progress: value,
            bucket: Math.floor(Date.now() / progressIntervalMs),
          });
        }
      };
      const work = deps.plugin.process(deps.task, input, {
        jobId,
        tenant: job.data.tenant,
        logger,
        signal,
        progress,
        modelsDir: deps.config.modelsDir,
        blobs: deps.blobs,
        local: deps.local,
        storeMedia: (bytes, contentType) => storeJobMedia(deps, job, bytes, contentType, deleted),
        fanOut: (task, inputs, state) => fanOut(deps, job, token, task, inputs, state, deleted),
        resumed: await resumeState(job),
      });
      const result = await abortable(work, signal);
      if (await canceled) throw canceledBefore();
      const output = def.output.parse(result);
      // Filed for review before the job completes, so whoever learns of the result (a synchronous
      // caller, a webhook) finds the item; the text goes with it even when the call record keeps none.
      if (!job.data.internal) await deps.reviews.record({ id: jobId, tenant: job.data.tenant, task: deps.task, input: job.data.input, result: output, finishedAt: Date.now() });
      if (job.data.summaryOnly) await keepSummary(deps, job, summarizeResult(output, job.processedOn ?? Date.now(), Date.now()));
      return output;
    } catch (err) {
      // Parked until the children finish, or to be run again at once: neither is a failure.
      if (err instanceof WaitingChildrenError || err instanceof ResumeNow) throw err;
      let reason = err;
      // Canceled before it started beats whatever the attempt ran into (bad input, say), as if it had never run.
      if (await canceled.catch(() => false)) reason = canceledBefore();
      else if (cancelSignal?.aborted) reason = canceledWhileRunning();
      else if (timedOut) reason = timedOut;
      const failure = toBullmqError(reason);
      logger.warn({ reason: failure.message, causes: causesOf(reason), retryable: !(failure instanceof UnrecoverableError) }, 'job attempt failed');
      const final = failure instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (job.data.summaryOnly && final) {
        const error = decodeFailure(failure.message);
        await keepSummary(deps, job, summarizeFailure(error, error.code === 'canceled', job.processedOn ?? Date.now(), Date.now())).catch(() => undefined);
      }
      throw failure;
    } finally {
      clearTimeout(timer);
      cancelSignal?.removeEventListener('abort', onCancel);
      deps.running.remove(jobId);
    }
  };
  return async (job, token, cancelSignal) => {
    try {
      return await run(job, token, cancelSignal);
    } catch (err) {
      if (err instanceof ResumeNow) return run(job, token, cancelSignal);
      throw err;
    }
  };
}
