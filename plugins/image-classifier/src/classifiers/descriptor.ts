import { categorySchema, thresholdsSchema } from '@crs/core';
import { z } from 'zod';

/**
 * Everything needed to run an ONNX image classifier and turn its classes into
 * moderation categories. Operators add classifiers (violence, flags, QR codes…)
 * by dropping a JSON file of this shape beside the model in
 * `<MODELS_DIR>/classifiers/`, with no code.
 */
export const classifierDescriptorSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, _ and - only'),
  /** Model file, relative to the models directory. */
  model: z.string().min(1),
  labels: z.array(z.string().min(1)).min(1),
  input: z.strictObject({
    /** Defaults to the model's first input. */
    name: z.string().optional(),
    width: z.number().int().min(8).max(4096),
    height: z.number().int().min(8).max(4096),
    layout: z.enum(['nhwc', 'nchw']).default('nchw'),
    colorOrder: z.enum(['rgb', 'bgr']).default('rgb'),
    /** value = (pixel − mean) / std, per channel in colorOrder, pixel in 0–255. */
    mean: z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]),
    std: z.tuple([z.number(), z.number(), z.number()]).default([255, 255, 255]),
    /** How the image meets the input size: stretched (fill), cropped (cover) or letterboxed (contain). */
    resize: z.enum(['fill', 'cover', 'contain']).default('fill'),
    /**
     * How pixels are resampled: `lanczos3` (sharp's default), or TensorFlow's
     * `resizeBilinear` with aligned corners, in floats, for models trained or
     * shipped with that preprocessing (nsfwjs). The latter needs `fill`.
     */
    interpolation: z.enum(['lanczos3', 'bilinear-align-corners']).default('lanczos3'),
    /**
     * What is resampled to the input: the contract's 256–512 px `frame`, or the decoded `original`
     * (up to 16 MP), for models whose reference resamples the whole photo and that drift otherwise.
     */
    resampleFrom: z.enum(['frame', 'original']).default('frame'),
  }),
  output: z
    .strictObject({
      /** Defaults to the model's first output. */
      name: z.string().optional(),
      /** What turns raw outputs into probabilities: none when the model ends in softmax. */
      activation: z.enum(['none', 'softmax', 'sigmoid']).default('none'),
    })
    .default({ activation: 'none' }),
  /**
   * Category score = Σ weight × class probability (capped at 1), e.g.
   * `{ "porn": { "Porn": 1, "Hentai": 1, "Sexy": 0.6 } }`.
   */
  categories: z.partialRecord(categorySchema, z.record(z.string(), z.number().min(0).max(1))),
  thresholds: thresholdsSchema.optional(),
  /** Classifiers that run when a request does not name any. */
  enabledByDefault: z.boolean().default(true),
});
export type ClassifierDescriptor = z.infer<typeof classifierDescriptorSchema>;

/** The name of the classifier whose class scores are the result's `scores`. */
export const DEFAULT_CLASSIFIER = 'nsfw';
export const NSFW_MODEL_FILE = 'nsfw/nsfwjs_mobilenet_v2.onnx';

/**
 * The default classifier: nsfwjs' MobileNetV2, converted from the weights in the
 * nsfwjs package. nsfwjs feeds RGB in [0, 1], stretched to 224×224 by
 * TensorFlow's bilinear resize with aligned corners; so does this, from the
 * contract-sized frame (within 0.05 of nsfwjs on every class, test/parity).
 */
export const NSFW_DESCRIPTOR: ClassifierDescriptor = classifierDescriptorSchema.parse({
  name: DEFAULT_CLASSIFIER,
  model: NSFW_MODEL_FILE,
  labels: ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'],
  input: { name: 'input', width: 224, height: 224, layout: 'nhwc', colorOrder: 'rgb', mean: [0, 0, 0], std: [255, 255, 255], resize: 'fill', interpolation: 'bilinear-align-corners' },
  output: { name: 'probabilities', activation: 'none' },
  // Suggestive but not explicit ("Sexy") counts for a little over half, enough for review on its own.
  categories: { porn: { Porn: 1, Hentai: 1, Sexy: 0.6 } },
  thresholds: { porn: { review: 0.5, block: 0.85 } },
});

export const NSFW_INCEPTION_MODEL_FILE = 'nsfw/nsfwjs_inception_v3.onnx';

/**
 * nsfwjs' InceptionV3 (its authors report 93% accuracy against 90% for MobileNetV2), optional:
 * `npm run models -- fetch nsfw-inception-v3` installs it, image.moderate converts it into the cache,
 * and a request picks it with `classifiers: ["nsfw-inception-v3"]`. Same classes and preprocessing as
 * MobileNetV2 (nsfwjs runs both alike), at 299×299, but resampled from the decoded original: from the
 * 512 px frame one photo's Sexy score moved by 0.093 (nsfwjs' sparse bilinear sampling of the whole
 * photo sees detail the frame's lanczos reduction smooths away), from the original it matches nsfwjs.
 */
export const NSFW_INCEPTION_DESCRIPTOR: ClassifierDescriptor = classifierDescriptorSchema.parse({
  ...NSFW_DESCRIPTOR,
  name: 'nsfw-inception-v3',
  model: NSFW_INCEPTION_MODEL_FILE,
  input: { ...NSFW_DESCRIPTOR.input, width: 299, height: 299, resampleFrom: 'original' },
  enabledByDefault: false,
});
