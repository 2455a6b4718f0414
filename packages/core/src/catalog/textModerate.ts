import { z } from 'zod';
import { defineTask } from './defineTask.js';
import { categorySchema, moderationResultSchema } from './moderation.js';
import { codePointLength } from './text.js';

/** Longest text `text.moderate` accepts through `/v1/jobs`; the sync endpoint allows less. */
export const TEXT_JOB_MAX_CHARS = 20_000;
/** Longest text `POST /v1/text/moderate` accepts (the service contract's sync limit). */
export const TEXT_SYNC_MAX_CHARS = 2_000;

export const textModerateInputSchema = z.object({
  text: z
    .string()
    .min(1, 'text must not be empty')
    .refine((t) => codePointLength(t) <= TEXT_JOB_MAX_CHARS, {
      message: `text must be at most ${TEXT_JOB_MAX_CHARS} characters`,
      params: { code: 'text_too_long' },
    }),
  /** Restrict the check to these categories; all categories when absent. */
  categories: z.array(categorySchema).min(1).optional(),
});

export const textModerate = defineTask({
  name: 'text.moderate',
  summary: 'Moderate text: porn, ads, terror, politics, contraband, abuse and flooding, with offsets',
  queue: 'text.moderate',
  input: textModerateInputSchema,
  output: moderationResultSchema,
  timeoutMs: 30_000,
  attempts: 3,
  concurrency: 8,
});
