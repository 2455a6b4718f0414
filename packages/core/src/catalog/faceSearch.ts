import { z } from 'zod';
import { mediaRefSchema } from '../media/kinds.js';
import { defineTask } from './defineTask.js';
import {
  detectedFaceSchema,
  faceIdSchema,
  libraryIdSchema,
  maxFacesSchema,
  similaritySchema,
  similarityThresholdSchema,
} from './faceCommon.js';

export const faceSearchInputSchema = z.object({
  image: mediaRefSchema,
  collection: libraryIdSchema,
  /** 1 searches the main face (1:N); more searches every face up to this many at once (M:N). */
  maxFaces: maxFacesSchema(50, 1),
  /** Best matches returned per face. */
  topK: z.number().int().min(1).max(100).default(5),
  threshold: similarityThresholdSchema.optional(),
});

export const faceMatchSchema = z.object({
  faceId: faceIdSchema,
  subjectId: libraryIdSchema,
  similarity: similaritySchema,
  match: z.boolean(),
});

export const faceSearchOutputSchema = z.object({
  collection: libraryIdSchema,
  model: z.string(),
  threshold: similarityThresholdSchema,
  /** How many faces the collection held when searched. */
  searched: z.number().int(),
  faces: z.array(detectedFaceSchema.extend({ matches: z.array(faceMatchSchema) })),
});

export const faceSearch = defineTask({
  name: 'face.search',
  summary: '1:N and M:N: the best matches in a face collection for the main face, or for every face in the image',
  queue: 'face.search',
  input: faceSearchInputSchema,
  output: faceSearchOutputSchema,
  media: { image: 'image' },
  timeoutMs: 60_000,
  attempts: 2,
  concurrency: 2,
});
