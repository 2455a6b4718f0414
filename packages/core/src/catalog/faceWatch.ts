import { z } from 'zod';
import { mediaRefSchema } from '../media/kinds.js';
import { defineTask } from './defineTask.js';
import { detectedFaceSchema, faceIdSchema, libraryIdSchema, maxFacesSchema, similaritySchema, similarityThresholdSchema } from './faceCommon.js';
import { categorySchema } from './moderation.js';

const levelSchema = z.enum(['block', 'review']);

export const faceWatchInputSchema = z.object({
  image: mediaRefSchema,
  /** Watchlist collections to check; every watchlist of the tenant when absent. */
  watchlists: z.array(libraryIdSchema).min(1).max(50).optional(),
  /** Only watchlists of these categories. */
  categories: z.array(categorySchema).min(1).optional(),
  /** Faces checked, largest first. */
  maxFaces: maxFacesSchema(50, 20),
  threshold: similarityThresholdSchema.optional(),
});

export const watchlistMatchSchema = z.object({
  collection: libraryIdSchema,
  subjectId: libraryIdSchema,
  faceId: faceIdSchema,
  similarity: similaritySchema,
  category: categorySchema,
  level: levelSchema,
});

export const faceWatchOutputSchema = z.object({
  /** The embedding model; null when there was no watchlist to check (and so no model ran). */
  model: z.string().nullable(),
  threshold: similarityThresholdSchema,
  /** The watchlists checked, with how many faces each held. */
  watchlists: z.array(z.object({ id: libraryIdSchema, category: categorySchema, level: levelSchema, searched: z.number().int() })),
  /** Every face found, with the best match at or above the threshold in each watchlist (none for a stranger). */
  faces: z.array(detectedFaceSchema.extend({ matches: z.array(watchlistMatchSchema) })),
});

export const faceWatch = defineTask({
  name: 'face.watch',
  summary: "Check every face of an image against the tenant's watchlists (face collections that carry a moderation category)",
  queue: 'face.watch',
  input: faceWatchInputSchema,
  output: faceWatchOutputSchema,
  media: { image: 'image' },
  timeoutMs: 60_000,
  attempts: 2,
  concurrency: 2,
});
