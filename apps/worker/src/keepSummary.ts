import type { Job } from 'bullmq';
import type { BlobStore, CallSummary, JobPayload, JobStore } from '@crs/core';

/**
 * Keeps a finished synchronous call as its summary only, before BullMQ
 * removes the job: the record says how it ended, and the media stored for the
 * call (a base64 image) are deleted now rather than at the end of retention.
 */
export async function keepSummary(deps: { jobs: JobStore; blobs: BlobStore }, job: Job<JobPayload>, summary: CallSummary): Promise<void> {
  const media = await deps.jobs.saveSummary(job.id!, summary);
  await Promise.all(media.map((blob) => deps.blobs.delete(job.data.tenant, blob)));
}
