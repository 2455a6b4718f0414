import { z } from 'zod';
import { mediaRefSchema } from '../media/kinds.js';
import { defineTask } from './defineTask.js';
import { libraryIdSchema } from './faceCommon.js';
import { categorySchema, hitSchema, labelSchema, moderationResultSchema, quadSchema, thresholdsSchema, verdictSchema } from './moderation.js';

export const imageModerateInputSchema = z.object({
  image: mediaRefSchema,
  /** Restrict the verdict to these categories; all categories when absent. */
  categories: z.array(categorySchema).min(1).optional(),
  /** Classifiers to run by name; every enabled classifier when absent. */
  classifiers: z.array(z.string().min(1).max(64)).min(1).max(16).optional(),
  /** Per-category review/block thresholds for this request; the classifier's own otherwise. */
  thresholds: thresholdsSchema.optional(),
  /** Also read text in the image (OCR) and moderate it, when the OCR plugin is installed. */
  ocr: z.boolean().optional(),
  /**
   * Look for QR codes and barcodes (default true): any code is an `ad` finding
   * (review at the default thresholds) and its payload is moderated as text.
   */
  codes: z.boolean().optional(),
  /**
   * Check faces only against these watchlist collections; every watchlist of the tenant when absent
   * (and none, at no cost, when the tenant has none).
   */
  watchlists: z.array(libraryIdSchema).min(1).max(50).optional(),
});

/** What the watchlist check did; absent when there was nothing to check. */
export const watchlistCheckSchema = z.object({
  status: z.enum(['done', 'unavailable']),
  /** The watchlist collections the faces were checked against. */
  watchlists: z.array(libraryIdSchema),
  /** Faces found in the image (the first frame of an animation). */
  faces: z.number().int().min(0),
  message: z.string().optional(),
});

export const decodedCodeSchema = z.object({
  /** ZXing's name of the symbology: `QRCode`, `Code128`, `EAN13`, `DataMatrix`… */
  format: z.string(),
  /** The payload as text. */
  text: z.string(),
  box: quadSchema,
  /** Animated images: the index of the first frame it was found in. */
  frame: z.number().int().min(0).optional(),
});

const classScores = z.record(z.string(), z.number());

export const imageModerateOutputSchema = moderationResultSchema.extend({
  /** Text hits (codes, OCR) and `face` hits: people of the tenant's watchlists found in the image. */
  hits: z.array(hitSchema),
  /** Raw class probabilities of the default classifier, by class name (the frame that scored highest on animations). */
  scores: classScores,
  /** Raw class probabilities of every classifier that ran, by classifier name. */
  classifiers: z.record(z.string(), classScores),
  image: z.object({ width: z.number().int(), height: z.number().int(), format: z.string(), frames: z.number().int() }),
  /** Animated images: the verdict of each examined frame. */
  frames: z.array(z.object({ index: z.number().int(), verdict: verdictSchema, labels: z.array(labelSchema) })).optional(),
  /** QR codes and barcodes found and read; absent when the check was turned off. */
  codes: z.array(decodedCodeSchema).optional(),
  /** Present when faces were checked against watchlists (or should have been, on a worker without the face plugin). */
  watchlist: watchlistCheckSchema.optional(),
  /** Present when `ocr` was asked for. */
  ocr: z
    .object({
      status: z.enum(['done', 'unavailable']),
      text: z.string().optional(),
      message: z.string().optional(),
    })
    .optional(),
});

export const imageModerate = defineTask({
  name: 'image.moderate',
  summary: 'Moderate an image: porn and other classes by ONNX classifiers, optionally text in the image',
  queue: 'image.moderate',
  input: imageModerateInputSchema,
  output: imageModerateOutputSchema,
  media: { image: 'image' },
  timeoutMs: 60_000,
  attempts: 3,
  concurrency: 4,
});
