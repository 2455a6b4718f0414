import { z } from 'zod';
import { faceRecordSchema, faceMetadataSchema } from '../face/schemas.js';
import { mediaRefSchema } from '../media/kinds.js';
import { defineTask } from './defineTask.js';
import { libraryIdSchema } from './faceCommon.js';

export const faceEnrollInputSchema = z.object({
  image: mediaRefSchema,
  collection: libraryIdSchema,
  subject: libraryIdSchema,
  metadata: faceMetadataSchema.optional(),
});

export const faceEnrollOutputSchema = z.object({ face: faceRecordSchema });

export const faceEnroll = defineTask({
  name: 'face.enroll',
  summary: 'Add the main face of an image to a subject in the face library (its embedding, and the image only if the collection keeps images)',
  queue: 'face.enroll',
  input: faceEnrollInputSchema,
  output: faceEnrollOutputSchema,
  media: { image: 'image' },
  timeoutMs: 60_000,
  attempts: 2,
  concurrency: 2,
});
