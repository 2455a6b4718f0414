import { z } from 'zod';

/** Collection and subject ids are chosen by the client, like object keys. */
export const libraryIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'use 1–64 letters, digits, _ . or -');

export const faceIdSchema = z.string().regex(/^face_[0-9a-f]{32}$/, 'a face id looks like face_ followed by 32 hex digits');

/** Pixels of the original image, upright (EXIF orientation applied). */
export const faceBoxSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
});

const point = z.tuple([z.number(), z.number()]);

/** The five landmarks, from the subject's point of view (its right eye is on the image's left). */
export const faceLandmarksSchema = z.object({
  rightEye: point,
  leftEye: point,
  nose: point,
  mouthRight: point,
  mouthLeft: point,
});

export const faceQualitySchema = z.object({
  /** The shorter side of the box, in pixels of the original. */
  size: z.number(),
  /** 0 (smeared) to 1 (crisp), from the variance of the Laplacian of the face at a fixed scale. */
  sharpness: z.number().min(0).max(1),
  /** Degrees, estimated from the landmarks: yaw (turned left or right), pitch (up or down), roll (tilt). */
  pose: z.object({ yaw: z.number(), pitch: z.number(), roll: z.number() }),
  /** Large, sharp and frontal enough for reliable recognition. */
  usable: z.boolean(),
  /** Why it is not usable, when it is not. */
  issues: z.array(z.enum(['small', 'blurry', 'turned'])),
});

export const detectedFaceSchema = z.object({
  box: faceBoxSchema,
  landmarks: faceLandmarksSchema,
  /** Detector confidence, 0–1. */
  score: z.number().min(0).max(1),
  quality: faceQualitySchema,
});
export type DetectedFace = z.infer<typeof detectedFaceSchema>;

export const imageSizeSchema = z.object({ width: z.number().int(), height: z.number().int() });

/** 0–100: cosine similarity of the two embeddings, scaled by 100 and floored at 0. */
export const similaritySchema = z.number().min(0).max(100);
export const similarityThresholdSchema = z.number().min(0).max(100);

/**
 * The default `match` threshold on the 0–100 similarity. `npm run face:eval`
 * with MobileFaceNet put every different-person pair at or below 41.9 and every
 * same-person pair at or above 61.4; 50 sits in that gap, nearer the
 * different-person side because real second photos score lower than copies.
 */
export const DEFAULT_FACE_MATCH_THRESHOLD = 50;
/** The default real-face threshold on the 0–1 liveness score. */
export const DEFAULT_LIVENESS_THRESHOLD = 0.5;

export const maxFacesSchema = (max: number, fallback: number) => z.number().int().min(1).max(max).default(fallback);
