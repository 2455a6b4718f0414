import { z } from 'zod';
import { defineTask } from './defineTask.js';
import { categorySchema, moderationResultSchema, thresholdsSchema } from './moderation.js';
import { codePointLength, termProblem } from './text.js';

/** Longest text `text.moderate` accepts through `/v1/jobs`; the sync endpoint allows less. */
export const TEXT_JOB_MAX_CHARS = 20_000;
/** Longest text `POST /v1/text/moderate` accepts (the service contract's sync limit). */
export const TEXT_SYNC_MAX_CHARS = 2_000;
/** Per-request word lists: enough for a campaign's names, small enough to compile per job. */
export const REQUEST_WORDS_MAX = 200;
export const TERM_MAX_CHARS = 64;

/**
 * `text` checked by hand so that a missing, non-string or empty text gets its
 * own error code instead of a generic invalid request.
 */
const textField = z
  .unknown()
  .superRefine((value, ctx) => {
    if (typeof value !== 'string') {
      const message = value === undefined ? 'text is required' : `text must be a string, not ${value === null ? 'null' : typeof value}`;
      ctx.addIssue({ code: 'custom', message, params: { code: 'invalid_text' }, abort: true });
    } else if (!value.trim()) {
      ctx.addIssue({ code: 'custom', message: 'text must not be empty', params: { code: 'text_empty' }, abort: true });
    }
  })
  .pipe(
    z.string().refine((t) => codePointLength(t) <= TEXT_JOB_MAX_CHARS, {
      message: `text must be at most ${TEXT_JOB_MAX_CHARS} characters`,
      params: { code: 'text_too_long' },
    }),
  )
  .meta({ type: 'string', minLength: 1, maxLength: TEXT_JOB_MAX_CHARS, description: 'Counted in Unicode code points' });

export const termSchema = z
  .string()
  .trim()
  .min(1, 'terms must not be empty')
  .refine((t) => codePointLength(t) <= TERM_MAX_CHARS, `terms must be at most ${TERM_MAX_CHARS} characters`)
  .superRefine((t, ctx) => {
    const problem = termProblem(t);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const words = z.array(termSchema).max(REQUEST_WORDS_MAX, `at most ${REQUEST_WORDS_MAX} words per request`);

export const textModerateInputSchema = z.object({
  text: textField,
  /** Restrict the check to these categories; all categories when absent. */
  categories: z.array(categorySchema).min(1).optional(),
  /** Extra terms to flag for this request only, reported under `custom`. */
  denyWords: words.optional(),
  /** Terms that clear every finding they cover, for this request only; allow beats deny. */
  allowWords: words.optional(),
  /** Per-category review/block thresholds for this request, over the tenant's and the defaults (as for images). */
  thresholds: thresholdsSchema.optional(),
  /**
   * Return `masked`: the text with every hit's characters replaced, by `*`
   * (`true`) or by the one character given; offsets stay as they were.
   */
  mask: z
    .union([
      z.boolean(),
      z.string().refine((c) => codePointLength(c) === 1 && !/\s/u.test(c), 'mask must be true, false or one visible character, such as "*"'),
    ])
    .optional(),
});

/** The character `mask: true` masks with. */
export const DEFAULT_MASK = '*';

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
