import { z } from 'zod';
import { mediaRefSchema } from '../media/kinds.js';
import { defineTask } from './defineTask.js';
import { libraryIdSchema } from './faceCommon.js';
import { categorySchema, hitSchema, labelSchema, moderationResultSchema, thresholdsSchema, verdictSchema } from './moderation.js';

export const samplingSchema = z.discriminatedUnion('mode', [
  /** The service contract's rule: 10 frames per started minute up to 10 minutes, then more slowly up to 500. */
  z.strictObject({ mode: z.literal('contract') }),
  /** One frame every `seconds`. */
  z.strictObject({ mode: z.literal('interval'), seconds: z.number().min(0.1).max(3600) }),
  /** Frames where the picture changes by more than `threshold` (0–1), plus the first. */
  z.strictObject({ mode: z.literal('scene'), threshold: z.number().min(0.05).max(0.95).default(0.3) }),
]);
export type Sampling = z.infer<typeof samplingSchema>;

export const videoModerateInputSchema = z.object({
  video: mediaRefSchema,
  sampling: samplingSchema.default({ mode: 'contract' }),
  categories: z.array(categorySchema).min(1).optional(),
  thresholds: thresholdsSchema.optional(),
  classifiers: z.array(z.string().min(1).max(64)).min(1).max(16).optional(),
  /** Also read on-screen text in each frame (needs the OCR plugin beside image moderation). */
  ocr: z.boolean().optional(),
  /** Look for QR codes and barcodes in each frame (default true), as `image.moderate` does. */
  codes: z.boolean().optional(),
  /** Check faces in each frame only against these watchlists, as `image.moderate` does; every watchlist of the tenant when absent. */
  watchlists: z.array(libraryIdSchema).min(1).max(50).optional(),
  /** Also moderate the sound track (needs the audio plugin). */
  audio: z.boolean().optional(),
  /** List every examined frame, not only those that are not `pass`. */
  allFrames: z.boolean().optional(),
});

export const videoFrameSchema = z.object({
  offsetMs: z.number().int().min(0),
  verdict: verdictSchema,
  labels: z.array(labelSchema),
  /** What was found in the frame: text (codes, OCR) and `face` hits, the watchlisted people seen in it. */
  hits: z.array(hitSchema).optional(),
  /** The frame as examined, for the caller's own review: `GET` it with the caller's key. */
  imageUrl: z.string().optional(),
  /** Set when this frame could not be examined. */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

export const videoModerateOutputSchema = moderationResultSchema.extend({
  durationMs: z.number().int().min(0),
  /** How many frames were examined. */
  sampledFrames: z.number().int().min(0),
  frames: z.array(videoFrameSchema),
  video: z.object({ width: z.number().int(), height: z.number().int(), codec: z.string(), sampling: z.string() }),
  audio: z.object({ status: z.enum(['done', 'unavailable']), message: z.string().optional() }).optional(),
});

export const videoModerate = defineTask({
  name: 'video.moderate',
  summary: 'Moderate a video: frames sampled by the service contract, moderated across workers, a timeline of findings',
  queue: 'video.moderate',
  input: videoModerateInputSchema,
  output: videoModerateOutputSchema,
  media: { video: 'video' },
  timeoutMs: 15 * 60_000,
  attempts: 2,
  concurrency: 2,
});
