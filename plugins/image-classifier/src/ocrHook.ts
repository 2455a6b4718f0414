import { moderationResultSchema, type JobContext, type ModerationResult, type TaskInput, type TaskOutput } from '@crs/core';
import { z } from 'zod';

type Output = TaskOutput<'image.moderate'>;

/** What image moderation needs of an OCR result; the OCR task's full output has more. */
const ocrResultSchema = z.object({
  text: z.string(),
  // Its hits also name the line they are on; image moderation keeps the text offsets only.
  moderation: moderationResultSchema.optional(),
});

export const OCR_TASK = 'image.ocr';
export const TEXT_TASK = 'text.moderate';

/**
 * Text in the image: the OCR task reads it and, through its own `moderate`
 * option, has text moderation check it, both in this worker process. Either
 * missing leaves the image verdict alone and says so in `ocr`, rather than
 * failing the job.
 */
export async function readTextInImage(
  input: TaskInput<'image.moderate'>,
  ctx: JobContext,
): Promise<{ ocr: NonNullable<Output['ocr']>; moderation?: ModerationResult }> {
  if (!ctx.local.has(OCR_TASK)) {
    return { ocr: { status: 'unavailable', message: 'the OCR plugin is not installed on this worker; text in the image was not checked' } };
  }
  const moderate = ctx.local.has(TEXT_TASK);
  const read = ocrResultSchema.parse(
    await ctx.local.run(OCR_TASK, { image: input.image, moderate, ...(input.categories ? { categories: input.categories } : {}) }, ctx),
  );
  if (!read.text.trim()) return { ocr: { status: 'done', text: read.text } };
  if (!moderate || !read.moderation) {
    return { ocr: { status: 'unavailable', text: read.text, message: 'text moderation is not served by this worker; the text read was not checked' } };
  }
  return { ocr: { status: 'done', text: read.text }, moderation: read.moderation };
}
