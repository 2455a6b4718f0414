import { z } from 'zod';
import { faceBoxSchema, faceIdSchema, faceQualitySchema, libraryIdSchema } from '../catalog/faceCommon.js';
import { categorySchema } from '../catalog/moderation.js';

/** Small, flat, client-defined facts about a subject or face (an employee number, a source). */
export const faceMetadataSchema = z
  .record(z.string().max(64), z.union([z.string().max(256), z.number(), z.boolean()]))
  .refine((m) => Object.keys(m).length <= 20, { message: 'at most 20 metadata keys' });
export type FaceMetadata = z.infer<typeof faceMetadataSchema>;

/**
 * Makes a collection a watchlist: a face `image.moderate` (and every video frame) finds that matches a
 * person in it is a finding of `category`, which the match sends to `level` (block by default).
 */
export const watchlistModerationSchema = z.object({
  category: categorySchema,
  level: z.enum(['block', 'review']).default('block'),
});
export type WatchlistModeration = z.infer<typeof watchlistModerationSchema>;

export const createCollectionSchema = z.object({
  id: libraryIdSchema,
  name: z.string().max(200).optional(),
  /**
   * Keep the aligned face crop (112×112 PNG) of each enrolled face, returned by
   * `GET …/faces/:faceId`. Off by default: only embeddings and metadata are kept.
   */
  retainImages: z.boolean().default(false),
  /** Makes the collection a watchlist of image moderation. */
  moderation: watchlistModerationSchema.optional(),
});
export type CreateCollection = z.infer<typeof createCollectionSchema>;

/** `PATCH /v1/face/collections/:id`: fields left out stay; `moderation: null` makes it a plain collection again. */
export const updateCollectionSchema = z
  .object({
    name: z.string().max(200).optional(),
    moderation: watchlistModerationSchema.nullable().optional(),
  })
  .refine((u) => u.name !== undefined || u.moderation !== undefined, 'send name and/or moderation to change');
export type UpdateCollection = z.infer<typeof updateCollectionSchema>;

export const collectionSchema = z.object({
  id: libraryIdSchema,
  name: z.string().optional(),
  retainImages: z.boolean(),
  /** Present on a watchlist: the category its matches are a finding of, and their level. */
  moderation: watchlistModerationSchema.optional(),
  /** The embedding model of the collection's vectors, fixed by its first face. */
  model: z.string().nullable(),
  createdAt: z.string(),
});
export type FaceCollection = z.infer<typeof collectionSchema>;

export const createSubjectSchema = z.object({
  id: libraryIdSchema,
  name: z.string().max(200).optional(),
  metadata: faceMetadataSchema.optional(),
});
export type CreateSubject = z.infer<typeof createSubjectSchema>;

export const subjectSchema = z.object({
  id: libraryIdSchema,
  name: z.string().optional(),
  metadata: faceMetadataSchema.optional(),
  createdAt: z.string(),
});
export type FaceSubject = z.infer<typeof subjectSchema>;

export const faceRecordSchema = z.object({
  id: faceIdSchema,
  collection: libraryIdSchema,
  subjectId: libraryIdSchema,
  box: faceBoxSchema,
  score: z.number(),
  quality: faceQualitySchema,
  metadata: faceMetadataSchema.optional(),
  /** True when the collection keeps face images and this one's is stored. */
  hasImage: z.boolean(),
  createdAt: z.string(),
});
export type FaceRecord = z.infer<typeof faceRecordSchema>;

/** Exact search holds a collection in memory on each worker; beyond this an ANN index is the right tool. */
export const MAX_FACES_PER_COLLECTION = 100_000;
export const MAX_COLLECTIONS_PER_TENANT = 1_000;
export const MAX_FACES_PER_SUBJECT = 100;
