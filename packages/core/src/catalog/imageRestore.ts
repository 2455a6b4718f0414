import { z } from 'zod';
import { mediaRefSchema } from '../media/kinds.js';
import { defineTask } from './defineTask.js';

/** A restoration model's name: a built-in one or one an operator described in `restoration/<name>.json`. */
export const RESTORE_MODEL_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

export const imageRestoreInputSchema = z
  .object({
    image: mediaRefSchema,
    /** How many times wider and taller the result is. */
    scale: z.union([z.literal(1), z.literal(2), z.literal(4)], { error: 'scale is 1, 2 or 4' }).default(2),
    /** Noise removal: false or 0 none, 1 light, 2 medium, 3 strong; true picks the measured default. */
    denoise: z.union([z.boolean(), z.number().int().min(0).max(3)], { error: 'denoise is true, false or a level 0–3' }).default(false),
    /** A restoration model by name instead of the one chosen from scale and denoise. */
    model: z.string().regex(RESTORE_MODEL_NAME, 'a model name of lower-case letters, digits, _ . -').optional(),
    format: z.enum(['png', 'jpeg', 'webp']).default('png'),
  })
  .refine((v) => v.scale !== 1 || v.denoise !== false || v.model !== undefined, {
    message: 'scale 1 without denoise would change nothing: ask for scale 2 or 4, or for denoise',
    path: ['denoise'],
  });

export const imageRestoreOutputSchema = z.object({
  fileId: z.string(),
  /** Readable with the caller's key; deleted with the job. */
  url: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  format: z.enum(['png', 'jpeg', 'webp']),
  /** The model that ran. */
  model: z.string(),
  scale: z.number().int(),
  /** The noise level removed (0 for none). */
  denoise: z.number().int(),
  /** Tiles the image was processed in. */
  tiles: z.number().int(),
  /** Whether the result kept an alpha channel (PNG and WebP do; JPEG has none). */
  alpha: z.boolean(),
});

export const imageRestore = defineTask({
  name: 'image.restore',
  summary: 'Super-resolution (2×, 4×) and noise removal on ONNX models shipped with the service (waifu2x, Real-ESRGAN), any size in blended tiles',
  queue: 'image.restore',
  input: imageRestoreInputSchema,
  output: imageRestoreOutputSchema,
  media: { image: 'image' },
  timeoutMs: 10 * 60_000,
  attempts: 2,
  concurrency: 1,
});
