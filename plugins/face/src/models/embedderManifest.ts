import fs from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '@crs/core';

const point = z.tuple([z.number(), z.number()]);

/**
 * Describes an embedding model so another one (SFace, an ArcFace export) can
 * replace MobileFaceNet without code: a JSON file of this shape in the models
 * directory, named by `FACE_EMBEDDER`.
 */
export const embedderManifestSchema = z.object({
  /** Stored with every vector; collections refuse vectors of another model. */
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
  /** The ONNX file, relative to the models directory. */
  file: z.string(),
  input: z.string().optional(),
  output: z.string().optional(),
  /** Side of the square aligned face the model takes. */
  size: z.number().int().min(32).max(512),
  colorOrder: z.enum(['rgb', 'bgr']),
  /** Per channel, in 0–255 units, in the model's channel order: value = (pixel − mean) / std. */
  mean: z.tuple([z.number(), z.number(), z.number()]),
  std: z.tuple([z.number(), z.number(), z.number()]),
  /** Where the five landmarks (right eye, left eye, nose, right and left mouth corner) go in the aligned face. */
  template: z.tuple([point, point, point, point, point]),
  /** Add the embedding of the mirrored face before normalising (steadier, twice the inference). */
  flipSum: z.boolean().default(false),
});
export type EmbedderManifest = z.infer<typeof embedderManifestSchema>;

/**
 * MobileFaceNet (foamliu), the default: 112×112 RGB, ImageNet normalisation,
 * the repo's 96×112 reference points moved 8 px right for 112×112, and the
 * repo's own evaluation sums the mirrored face's embedding.
 */
export const MOBILEFACENET: EmbedderManifest = {
  name: 'mobilefacenet-foamliu',
  file: 'face-recognition/MobileFaceNet.onnx',
  size: 112,
  colorOrder: 'rgb',
  mean: [0.485 * 255, 0.456 * 255, 0.406 * 255],
  std: [0.229 * 255, 0.224 * 255, 0.225 * 255],
  template: [
    [38.2946, 51.6963],
    [73.5318, 51.5014],
    [56.0252, 71.7366],
    [41.5493, 92.3655],
    [70.7299, 92.2041],
  ],
  flipSum: true,
};

export function readEmbedderManifest(file: string): EmbedderManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError('FACE_EMBEDDER', `cannot read the embedder manifest ${file}: ${(err as Error).message}`);
  }
  const parsed = embedderManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError('FACE_EMBEDDER', `${file} is not an embedder manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
