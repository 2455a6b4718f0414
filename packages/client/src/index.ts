export { CrsClient, type CrsClientOptions, type WaitOptions } from './client.js';
export { CrsError } from './errors.js';
export { verifyWebhook, type WebhookEvent } from './webhooks.js';
export type { components, Job, JobRequest, ListJobsQuery, operations, paths, ReviewDecision, ReviewItem, ReviewSettings, ReviewSummary, StoredFile } from './types.js';
