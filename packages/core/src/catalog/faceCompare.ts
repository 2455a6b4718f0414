import { z } from 'zod';
import { mediaRefSchema } from '../media/kinds.js';
import { defineTask } from './defineTask.js';
import { detectedFaceSchema, faceIdSchema, libraryIdSchema, similaritySchema, similarityThresholdSchema } from './faceCommon.js';

export const faceCompareInputSchema = z
  .object({
    /** The main (largest) face of this image… */
    image: mediaRefSchema,
    /** …against the main face of this image… */
    image2: mediaRefSchema.optional(),
    /** …or against a face stored in the tenant's library. */
    face: z.object({ collection: libraryIdSchema, faceId: faceIdSchema }).optional(),
    /** `match` is true at or above this similarity (0–100); the service default unless set. */
    threshold: similarityThresholdSchema.optional(),
  })
  .refine((v) => (v.image2 ? 1 : 0) + (v.face ? 1 : 0) === 1, {
    message: 'give exactly one of image2 (a second image) or face ({ collection, faceId } from the face library)',
  });

export const faceCompareOutputSchema = z.object({
  similarity: similaritySchema,
  match: z.boolean(),
  threshold: similarityThresholdSchema,
  model: z.string(),
  /** The face used from each side; a stored face has no detection here. */
  faces: z.tuple([detectedFaceSchema, detectedFaceSchema.nullable()]),
});

export const faceCompare = defineTask({
  name: 'face.compare',
  summary: '1:1: the similarity (0–100) of the main faces of two images, or of an image and a stored face',
  queue: 'face.compare',
  input: faceCompareInputSchema,
  output: faceCompareOutputSchema,
  media: { image: 'image', image2: 'image' },
  timeoutMs: 60_000,
  attempts: 2,
  concurrency: 2,
});
