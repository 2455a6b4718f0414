import { z } from 'zod';
import { mediaRefSchema } from '../media/kinds.js';
import { defineTask } from './defineTask.js';
import { categorySchema, labelSchema, quadSchema as quad, textHitSchema, verdictSchema } from './moderation.js';

export const OCR_ENGINES = ['paddle', 'tesseract'] as const;

export const imageOcrInputSchema = z.object({
  image: mediaRefSchema,
  /** `paddle` (PP-OCRv4, the default unless OCR_ENGINE says otherwise) or `tesseract`. */
  engine: z.enum(OCR_ENGINES).optional(),
  /** Also moderate the text read, with hits mapped to the lines they are on. */
  moderate: z.boolean().optional(),
  categories: z.array(categorySchema).min(1).optional(),
});

export const imageOcrOutputSchema = z.object({
  engine: z.enum(OCR_ENGINES),
  /** Every line, in reading order, one per line. */
  text: z.string(),
  lines: z.array(z.object({ text: z.string(), confidence: z.number().min(0).max(1), box: quad })),
  /** The same lines in the shape Baidu's OCR API returns, for clients migrating from it. */
  words_result: z.array(z.object({ words: z.string(), location: z.object({ left: z.number(), top: z.number(), width: z.number(), height: z.number() }) })),
  words_result_num: z.number().int(),
  image: z.object({ width: z.number().int(), height: z.number().int() }),
  moderation: z
    .object({
      verdict: verdictSchema,
      labels: z.array(labelSchema),
      /** Offsets refer to `text`; `line` is the index of the line the hit starts on, `box` that line's box. */
      hits: z.array(textHitSchema.extend({ line: z.number().int(), box: quad })),
    })
    .optional(),
});

export const imageOcr = defineTask({
  name: 'image.ocr',
  summary: 'Read text in an image (PaddleOCR or tesseract), optionally moderated with hits mapped to lines',
  queue: 'image.ocr',
  input: imageOcrInputSchema,
  output: imageOcrOutputSchema,
  media: { image: 'image' },
  timeoutMs: 120_000,
  attempts: 2,
  concurrency: 2,
});
