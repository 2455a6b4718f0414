import { z } from 'zod';
import { webhookSubscriptionSchema } from '@crs/core';

/** The envelope of `POST /v1/jobs`; `input` is checked against the task's own schema afterwards. */
export const jobRequestSchema = z.object({
  task: z.string({ error: 'task is required' }),
  input: z.unknown(),
  webhook: webhookSubscriptionSchema.optional(),
  idempotencyKey: z.string().min(1).max(255).optional(),
});
export type JobRequest = z.infer<typeof jobRequestSchema>;
