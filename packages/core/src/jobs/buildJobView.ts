import type { Job, JobState, Queue } from 'bullmq';
import { summaryView } from './callSummary.js';
import { decodeFailure } from './failure.js';
import type { JobRecord } from './jobStore.js';
import type { JobStatus, JobView } from './jobView.js';

const iso = (ms: number | undefined | null): string | null => (ms ? new Date(ms).toISOString() : null);

function statusOf(state: JobState | 'unknown', record: JobRecord, job: Job): JobStatus {
  switch (state) {
    case 'completed':
      return 'succeeded';
    case 'failed':
      return record.canceledAt || decodeFailure(job.failedReason).code === 'canceled' ? 'canceled' : 'failed';
    case 'active':
    case 'waiting-children':
      return 'running';
    default:
      return 'queued';
  }
}

function progressOf(progress: unknown): number {
  return typeof progress === 'number' && Number.isFinite(progress) ? Math.min(100, Math.max(0, progress)) : 0;
}

/**
 * The public view of a job from the service's record and BullMQ's job. Returns
 * null when BullMQ no longer has the job and the record gives no reason why
 * (retention ran out).
 */
export async function buildJobView(queue: Queue, record: JobRecord, options: { includeInput?: boolean } = {}): Promise<JobView | null> {
  // The state first, then the job: a final state does not change, so the job read after it carries
  // what the state shows. Read the other way round, a job that failed between the two reads showed
  // `failed` with the reason it did not have yet ("internal_error: the job failed").
  const state = await queue.getJobState(record.id);
  const job = await queue.getJob(record.id);
  if (!job) {
    if (record.summary) return { ...summaryView(record, record.summary), ...(options.includeInput ? { input: null } : {}) };
    if (record.canceledAt) {
      return {
        id: record.id,
        task: record.task,
        status: 'canceled',
        progress: 0,
        result: null,
        error: { code: 'canceled', message: 'the job was canceled before it started' },
        createdAt: new Date(record.createdAt).toISOString(),
        startedAt: null,
        finishedAt: iso(record.canceledAt),
      };
    }
    return null;
  }
  const status = statusOf(state, record, job);
  return {
    id: record.id,
    task: record.task,
    status,
    progress: status === 'succeeded' ? 100 : progressOf(job.progress),
    result: status === 'succeeded' ? (job.returnvalue ?? null) : null,
    error: status === 'failed' || status === 'canceled' ? decodeFailure(job.failedReason) : null,
    createdAt: new Date(record.createdAt).toISOString(),
    startedAt: iso(job.processedOn),
    finishedAt: status === 'succeeded' || status === 'failed' || status === 'canceled' ? iso(job.finishedOn) : null,
    ...(options.includeInput ? { input: (job.data as { input?: unknown } | undefined)?.input ?? null } : {}),
  };
}
