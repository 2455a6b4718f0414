import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import {
  checkUrl,
  getTask,
  type MediaRef,
  parseTaskRequest,
  sha256Hex,
  type JobPayload,
  type JobView,
  type TaskName,
  type WebhookSubscription,
} from '@crs/core';
import type { ApiContext } from '../context.js';
import { currentView } from './currentView.js';
import { dropClaim, takeIdempotencyKey, type OwnClaim } from './idempotency.js';

export interface Submission {
  task: TaskName;
  input: unknown;
  webhook?: WebhookSubscription;
  idempotencyKey?: string;
  /** Lower runs sooner; sync endpoints jump the queue ahead of batch work. */
  priority?: number;
  /** The new job's id, when the caller needs it before the job exists (to listen for its finish); a fresh one otherwise. */
  id?: string;
  /** Keep only a compact call record once it finishes (see CallSummary); BullMQ's job goes at once. */
  summaryOnly?: boolean;
  /** The caller waits on the job: the worker publishes its finish on this process's channel (FinishListener). */
  notify?: boolean;
}

export interface Submitted {
  view: JobView;
  /** False when an idempotency key returned a job made by an earlier request. */
  created: boolean;
  /** The queued job, when this request made it: waiting on it needs no further read. */
  job?: Job;
}

function queuedView(id: string, task: string, createdAt: number): JobView {
  return {
    id,
    task,
    status: 'queued',
    progress: 0,
    result: null,
    error: null,
    createdAt: new Date(createdAt).toISOString(),
    startedAt: null,
    finishedAt: null,
  };
}

/**
 * Stores the task's media inputs and puts `{ fileId }` in their place, so the
 * queued job is small and every worker reads media the same way. Returns the
 * blobs stored for this job alone.
 */
async function storeMedia(ctx: ApiContext, tenant: string, task: TaskName, input: Record<string, unknown>): Promise<string[]> {
  const owned: string[] = [];
  const fields = getTask(task).media ?? {};
  try {
    for (const [field, kind] of Object.entries(fields)) {
      const ref = input[field] as MediaRef | undefined;
      if (!ref) continue;
      const resolved = await ctx.intake.resolve(tenant, ref, kind);
      if (resolved.owned) owned.push(resolved.fileId);
      input[field] = { fileId: resolved.fileId };
    }
  } catch (err) {
    await Promise.allSettled(owned.map((id) => ctx.blobs.delete(tenant, id)));
    throw err;
  }
  return owned;
}

export async function submitJob(ctx: ApiContext, tenant: string, submission: Submission): Promise<Submitted> {
  const { task, webhook, idempotencyKey } = submission;
  const input = parseTaskRequest(task, submission.input) as Record<string, unknown>;
  if (webhook) {
    await checkUrl(webhook.url, { allowPrivateNetworks: ctx.config.webhooks.allowPrivateNetworks, resolve: ctx.resolve });
  }
  let id: string = submission.id ?? randomUUID();
  // The key is claimed before any side effect (media stored, job written), so identical requests never make two jobs.
  let claim: OwnClaim | undefined;
  if (idempotencyKey) {
    const fingerprint = sha256Hex(JSON.stringify({ task, input, webhook: webhook ?? null }));
    const taken = await takeIdempotencyKey(ctx, tenant, idempotencyKey, id, fingerprint);
    if (!taken.owner) {
      const view = await currentView(ctx, taken.id);
      return { view: view ?? queuedView(taken.id, task, Date.now()), created: false };
    }
    claim = taken;
    id = taken.id;
  }
  const createdAt = Date.now();
  let media: string[] = [];
  try {
    media = await storeMedia(ctx, tenant, task, input);
  } catch (err) {
    if (claim) await dropClaim(ctx, claim).catch(() => undefined);
    throw err;
  }
  const payload: JobPayload = { tenant, input, ...(webhook ? { webhook } : {}), ...(submission.summaryOnly ? { summaryOnly: true as const } : {}),
    ...(submission.notify && ctx.finishes.channel ? { notify: ctx.finishes.channel } : {}),
  };
  // The record and the job go out together, one round trip instead of two. They share one
  // connection and Redis runs its commands in order, so the record exists before any worker can
  // take the job.
  const [record, queued] = await Promise.allSettled([
    ctx.jobs.create({ id, tenant, task, createdAt, media }, claim?.commit),
    ctx.queues.task(task).add(task, payload, {
      jobId: id,
      ...(submission.priority ? { priority: submission.priority } : {}),
      // The summary in the record is all that stays of the call; the job with its input and result goes.
      ...(submission.summaryOnly ? { removeOnComplete: true, removeOnFail: true } : {}),
    }),
  ]);
  if (record.status === 'rejected' || queued.status === 'rejected') {
    // Nothing was accepted: free the key, the record and the job (if it got in) so a retry starts clean.
    await Promise.allSettled([
      ...(queued.status === 'fulfilled' ? [queued.value.remove()] : []),
      // Deleting the record deletes the key it committed; a claim still pending is released.
      ctx.jobs.delete(id, tenant).then(() => (claim ? dropClaim(ctx, claim) : undefined)),
      ...media.map((blob) => ctx.blobs.delete(tenant, blob)),
    ]);
    throw record.status === 'rejected' ? record.reason : (queued as PromiseRejectedResult).reason;
  }
  return { view: queuedView(id, task, createdAt), created: true, job: queued.value };
}

/** Resolves `task` through the catalog first so unknown names get `unknown_task`, not a schema error. */
export function taskName(name: string): TaskName {
  return getTask(name).name as TaskName;
}
