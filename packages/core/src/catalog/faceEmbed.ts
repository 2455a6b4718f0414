import { z } from 'zod';
import { mediaRefSchema } from '../media/kinds.js';
import { defineTask } from './defineTask.js';
import { detectedFaceSchema, imageSizeSchema, maxFacesSchema } from './faceCommon.js';

export const faceEmbedInputSchema = z.object({
  image: mediaRefSchema,
  /** The largest faces first; 1 gives the main face only. */
  maxFaces: maxFacesSchema(50, 1),
});

export const faceEmbedOutputSchema = z.object({
  image: imageSizeSchema,
  /** The embedding model's name; vectors from different models must not be compared. */
  model: z.string(),
  dim: z.number().int(),
  /** L2-normalised, so the dot product of two vectors is their cosine similarity. */
  faces: z.array(detectedFaceSchema.extend({ embedding: z.array(z.number()) })),
});

export const faceEmbed = defineTask({
  name: 'face.embed',
  summary: 'Face feature vectors (L2-normalised), for clients that keep their own index',
  queue: 'face.embed',
  input: faceEmbedInputSchema,
  output: faceEmbedOutputSchema,
  media: { image: 'image' },
  timeoutMs: 60_000,
  attempts: 2,
  concurrency: 2,
});
