import { z } from 'zod';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const;
export const jobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const jobErrorSchema = z.object({ code: z.string(), message: z.string() });
export type JobError = z.infer<typeof jobErrorSchema>;

/** A job as the public API shows it (`GET /v1/jobs/:id`, webhook `data`). */
export const jobViewSchema = z.object({
  id: z.string(),
  task: z.string(),
  status: jobStatusSchema,
  progress: z.number().min(0).max(100),
  result: z.unknown().nullable(),
  error: jobErrorSchema.nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  /** The job's input as queued (media as `{ fileId }`); only in call records that ask for it. */
  input: z.unknown().optional(),
  /** A synchronous call kept as a compact record: `result` holds only `verdict` and `labels`. */
  compact: z.literal(true).optional(),
  /** How long the call ran (compact records). */
  durationMs: z.number().optional(),
});
export type JobView = z.infer<typeof jobViewSchema>;

/** `job.reviewed` is sent when a person decides the job in the review queue (its `data` is the review item). */
export const WEBHOOK_EVENTS = ['job.completed', 'job.failed', 'job.progress', 'job.reviewed'] as const;
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENTS);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

export const webhookSubscriptionSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'webhook.url must be an http or https URL' }),
  events: z.array(webhookEventTypeSchema).min(1).optional(),
});
export type WebhookSubscription = z.infer<typeof webhookSubscriptionSchema>;

/** What a job carries through BullMQ: the validated input plus who asked and where to report. */
export interface JobPayload {
  tenant: string;
  input: unknown;
  webhook?: WebhookSubscription;
  /** A child job a plugin fanned out (a video's frame); not a request of its own. */
  internal?: boolean;
  /** Set on a parent that fanned out, so the next run resumes with its children's results. */
  fanOut?: { task: string; children: number; state: unknown };
  /**
   * A synchronous call whose tenant does not keep content: the worker keeps only a summary
   * (CallSummary) in the record, and BullMQ's job and the call's media go when it finishes.
   */
  summaryOnly?: true;
}

export function isTerminal(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'canceled';
}
