import { z } from 'zod';
import { mediaRefSchema } from '../media/kinds.js';
import { defineTask } from './defineTask.js';
import { detectedFaceSchema, imageSizeSchema, maxFacesSchema } from './faceCommon.js';

export const faceDetectInputSchema = z.object({
  image: mediaRefSchema,
  /** The largest faces first, at most this many. */
  maxFaces: maxFacesSchema(200, 50),
  /** Faces whose shorter side is below this many pixels of the original are left out. */
  minFaceSize: z.number().int().min(1).max(4096).default(16),
});

export const faceDetectOutputSchema = z.object({
  image: imageSizeSchema,
  faces: z.array(detectedFaceSchema),
});

export const faceDetect = defineTask({
  name: 'face.detect',
  summary: 'Find faces: boxes, five landmarks, detection score and quality hints (size, sharpness, pose)',
  queue: 'face.detect',
  input: faceDetectInputSchema,
  output: faceDetectOutputSchema,
  media: { image: 'image' },
  timeoutMs: 60_000,
  attempts: 2,
  concurrency: 2,
});
