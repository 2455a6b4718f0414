import { randomUUID } from 'node:crypto';
import { WaitingChildrenError, type Job } from 'bullmq';
import {
  decodeFailure,
  getTask,
  JobCanceledError,
  parseTaskInput,
  sha256OffLoop,
  type BlobStore,
  type ChildResult,
  type JobPayload,
  type JobStore,
  type QueueRegistry,
  type TaskName,
} from '@crs/core';
import { isMissingJobKey } from './runningJobs.js';

/** Child ids are derived from the parent, so a repeated fan-out (a retried run) adds no duplicates. */
const childId = (parentId: string, index: number) => `${parentId}-c${index}`;
const indexOf = (key: string) => Number(/-c(\d+)$/.exec(key)?.[1] ?? -1);

export interface FanOutDeps {
  queues: QueueRegistry;
  jobs: JobStore;
  blobs: BlobStore;
}

const deletedError = () => new JobCanceledError('the job was deleted');

/**
 * Queues one child job per input on the task's own queue, with this job as
 * their parent, and parks this job until they have all finished (BullMQ's
 * waiting-children state). Failed children do not fail the parent; their
 * errors come back in `resumeState`. A job deleted meanwhile gets no children
 * (they would outlive it): `onDeleted` ends it instead.
 */
export async function fanOut(
  deps: FanOutDeps,
  job: Job<JobPayload>,
  token: string | undefined,
  task: string,
  inputs: unknown[],
  state: unknown,
  onDeleted: () => void = () => undefined,
): Promise<never> {
  const def = getTask(task);
  const name = def.name as TaskName;
  const children = inputs.map((input, i) => ({
    name,
    data: { tenant: job.data.tenant, input: parseTaskInput(name, input), internal: true } satisfies JobPayload,
    opts: {
      jobId: childId(job.id!, i),
      parent: { id: job.id!, queue: job.queueQualifiedName },
      ignoreDependencyOnFailure: true,
    },
  }));
  if (await deps.jobs.isDeleted(job.id!)) {
    onDeleted();
    throw deletedError();
  }
  try {
    // A delete from here on cannot remove the parent while it runs (BullMQ refuses a locked job); the
    // children see the parent's mark when they start, end at once, and the parent is purged after them.
    await deps.queues.task(name).addBulk(children);
    await job.updateData({ ...job.data, fanOut: { task: name, children: inputs.length, state } });
    if (await job.moveToWaitingChildren(token ?? '')) throw new WaitingChildrenError();
  } catch (err) {
    if (!isMissingJobKey(err, job.id!)) throw err;
    onDeleted();
    throw deletedError();
  }
  // Every child had already finished: BullMQ did not park the job, so signal the caller to resume now.
  throw new ResumeNow();
}

/** Thrown when the children finished before the parent could wait for them. */
export class ResumeNow extends Error {}

/** The parent's second run: its saved state and every child's outcome, in order. */
export async function resumeState(job: Job<JobPayload>): Promise<{ state: unknown; results: ChildResult[] } | null> {
  const fan = job.data.fanOut;
  if (!fan) return null;
  const results: ChildResult[] = Array.from({ length: fan.children }, () => ({
    ok: false as const,
    error: { code: 'internal_error', message: 'the child job left no result' },
  }));
  for (const [key, value] of Object.entries(await job.getChildrenValues())) {
    const i = indexOf(key);
    if (i >= 0 && i < results.length) results[i] = { ok: true, value };
  }
  for (const [key, reason] of Object.entries(await job.getIgnoredChildrenFailures())) {
    const i = indexOf(key);
    if (i >= 0 && i < results.length) results[i] = { ok: false, error: decodeFailure(reason) };
  }
  return { state: fan.state, results };
}

/**
 * Stores bytes a job made and lists them with the job, so they are deleted with it. A job deleted
 * meanwhile keeps nothing: the blob goes again and `onDeleted` ends the job.
 */
export async function storeJobMedia(deps: FanOutDeps, job: Job<JobPayload>, bytes: Buffer, contentType: string, onDeleted: () => void = () => undefined): Promise<string> {
  const id = randomUUID();
  // Hashed off the event loop: results (a restored image) can be tens of megabytes.
  await deps.blobs.put({ id, tenant: job.data.tenant, size: bytes.length, contentType, sha256: await sha256OffLoop(bytes), createdAt: Date.now() }, bytes);
  // A child job (a frame) has no record of its own; what it stores lives as long as the retention period.
  if (!job.data.internal && !(await deps.jobs.addMedia(job.id!, [id]))) {
    await deps.blobs.delete(job.data.tenant, id);
    onDeleted();
    throw deletedError();
  }
  return id;
}
