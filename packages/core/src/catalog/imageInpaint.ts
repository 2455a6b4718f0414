import { z } from 'zod';
import { mediaRefSchema } from '../media/kinds.js';
import { defineTask } from './defineTask.js';

const point = z.tuple([z.number(), z.number()]);

/** A region to fill, in pixels of the upright image. */
export const inpaintRegionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rect'), x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() }),
  z.object({ type: z.literal('polygon'), points: z.array(point).min(3).max(1000) }),
]);
export type InpaintRegion = z.infer<typeof inpaintRegionSchema>;

/** The classical engines, always available; any other name is an ONNX model described by a manifest. */
export const CLASSICAL_INPAINT_ENGINES = ['telea', 'navier-stokes'] as const;

export const imageInpaintInputSchema = z
  .object({
    image: mediaRefSchema,
    /** A PNG (or any image) where white marks what to fill; scaled to the image when its size differs. */
    mask: mediaRefSchema.optional(),
    /** Rectangles and polygons to fill, alone or added to the mask. */
    regions: z.array(inpaintRegionSchema).max(100).optional(),
    /** `telea` (default), `navier-stokes`, or the name of an installed ONNX model (`lama`, `migan`, …). */
    engine: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'an engine name: telea, navier-stokes or an installed model').default('telea'),
    format: z.enum(['png', 'jpeg']).default('png'),
    /** Classical engines: how far around each pixel they look, in pixels. */
    radius: z.number().int().min(1).max(50).default(5),
    /** Grows the mask by this many pixels first, so the edges of a scratch or watermark go too. */
    dilate: z.number().int().min(0).max(50).default(2),
  })
  .refine((v) => v.mask || v.regions?.length, { message: 'give a mask image or at least one region to fill' });

export const imageInpaintOutputSchema = z.object({
  fileId: z.string(),
  /** Readable with the caller's key; deleted with the job. */
  url: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  format: z.enum(['png', 'jpeg']),
  engine: z.string(),
  /** Pixels filled (after dilation). */
  maskedPixels: z.number().int(),
  /** Regions of the image processed, each a padded box around part of the mask. */
  crops: z.array(z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int(), height: z.number().int() })),
});

export const imageInpaint = defineTask({
  name: 'image.inpaint',
  summary: 'Fill masked regions (scratches, watermarks, removed objects) with a classical engine (OpenCV Telea, Navier–Stokes) or an ONNX model',
  queue: 'image.inpaint',
  input: imageInpaintInputSchema,
  output: imageInpaintOutputSchema,
  media: { image: 'image', mask: 'image' },
  timeoutMs: 5 * 60_000,
  attempts: 2,
  concurrency: 1,
});
