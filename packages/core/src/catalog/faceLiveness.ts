import { z } from 'zod';
import { mediaRefSchema } from '../media/kinds.js';
import { defineTask } from './defineTask.js';
import { detectedFaceSchema, imageSizeSchema, maxFacesSchema } from './faceCommon.js';

export const faceLivenessInputSchema = z.object({
  image: mediaRefSchema,
  maxFaces: maxFacesSchema(20, 1),
  /** `live` is true at or above this score (0–1). */
  threshold: z.number().min(0).max(1).optional(),
});

export const faceLivenessOutputSchema = z.object({
  image: imageSizeSchema,
  threshold: z.number(),
  faces: z.array(
    detectedFaceSchema.extend({
      liveness: z.object({
        /** Probability that this is a real face rather than a print or a screen, 0–1. */
        score: z.number().min(0).max(1),
        live: z.boolean(),
        /** Each model's own score; the overall score is their mean. */
        models: z.array(z.object({ name: z.string(), score: z.number().min(0).max(1) })),
      }),
    }),
  ),
});

export const faceLiveness = defineTask({
  name: 'face.liveness',
  summary: 'Single-image liveness: a real-versus-spoof (print, screen) score for each face',
  queue: 'face.liveness',
  input: faceLivenessInputSchema,
  output: faceLivenessOutputSchema,
  media: { image: 'image' },
  timeoutMs: 60_000,
  attempts: 2,
  concurrency: 2,
});
