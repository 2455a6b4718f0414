import { moderationResultSchema, TEXT_JOB_MAX_CHARS, type JobContext, type ModerationResult, type TaskInput, type TaskOutput } from '@crs/core';
import { z } from 'zod';

type Output = TaskOutput<'image.moderate'>;

/** What image moderation needs of an OCR result; the OCR task's full output has more. */
const ocrTextSchema = z.object({ text: z.string() });

export const OCR_TASK = 'image.ocr';
export const TEXT_TASK = 'text.moderate';

/**
 * Text in the image: runs the OCR task and then text moderation on what it
 * read, both in this worker process. Either missing leaves the image verdict
 * alone and says so in `ocr`, rather than failing the job.
 */
export async function readTextInImage(
  input: TaskInput<'image.moderate'>,
  ctx: JobContext,
): Promise<{ ocr: NonNullable<Output['ocr']>; moderation?: ModerationResult }> {
  if (!ctx.local.has(OCR_TASK)) {
    return { ocr: { status: 'unavailable', message: 'the OCR plugin is not installed on this worker; text in the image was not checked' } };
  }
  const { text } = ocrTextSchema.parse(await ctx.local.run(OCR_TASK, { image: input.image }, ctx));
  if (!text.trim()) return { ocr: { status: 'done', text } };
  if (!ctx.local.has(TEXT_TASK)) {
    return { ocr: { status: 'unavailable', text, message: 'text moderation is not served by this worker; the text read was not checked' } };
  }
  const moderation = moderationResultSchema.parse(
    await ctx.local.run(TEXT_TASK, { text: [...text].slice(0, TEXT_JOB_MAX_CHARS).join(''), ...(input.categories ? { categories: input.categories } : {}) }, ctx),
  );
  return { ocr: { status: 'done', text }, moderation };
}
