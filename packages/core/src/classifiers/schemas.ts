import { z } from 'zod';
import { categorySchema } from '../catalog/moderation.js';
import { codePointLength } from '../catalog/text.js';
import { TEXT_SYNC_MAX_CHARS } from '../catalog/textModerate.js';
import { FILE_ID_PATTERN } from '../media/kinds.js';

/** Examples a classifier trains from: enough for a held-out fifth to say something, few enough to train in a minute. */
export const MIN_CLASSIFIER_EXAMPLES = 200;
export const MAX_CLASSIFIER_EXAMPLES = 100_000;
/** Each label needs this many examples, so the held-out fifth holds both. */
export const MIN_EXAMPLES_PER_LABEL = 20;
/** Longest example text: what the sync endpoint moderates. */
export const MAX_EXAMPLE_CHARS = TEXT_SYNC_MAX_CHARS;
/** An uploaded examples file (JSON Lines) is at most this large. */
export const MAX_EXAMPLES_FILE_BYTES = 64 * 1024 * 1024;
export const MAX_CLASSIFIERS_PER_TENANT = 20;
/** The content type an examples file is stored under. */
export const EXAMPLES_CONTENT_TYPE = 'application/x-ndjson';

/** Lower-case letters, digits, `-` and `_`: a name goes into hit labels (`classifier:<name>`) and storage keys. */
export const classifierNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'name must be 1–64 lower-case letters, digits, "-" or "_", starting with a letter or digit');

/** One labelled example: `label: true` when the text is in the classifier's category, `false` when it is not. */
export const classifierExampleSchema = z.object({
  text: z
    .string()
    .refine((t) => t.trim().length > 0, 'text must not be empty')
    .refine((t) => codePointLength(t) <= MAX_EXAMPLE_CHARS, `text must be at most ${MAX_EXAMPLE_CHARS} characters`),
  label: z.boolean({ error: 'label must be true (the text is in the category) or false (it is not)' }),
});
export type ClassifierExample = z.infer<typeof classifierExampleSchema>;

/** Why these examples cannot train a classifier, or null when they can. */
export function examplesProblem(examples: readonly ClassifierExample[]): string | null {
  if (examples.length < MIN_CLASSIFIER_EXAMPLES) return `a classifier needs at least ${MIN_CLASSIFIER_EXAMPLES} examples; got ${examples.length}`;
  if (examples.length > MAX_CLASSIFIER_EXAMPLES) return `a classifier takes at most ${MAX_CLASSIFIER_EXAMPLES} examples; got ${examples.length}`;
  const positives = examples.filter((e) => e.label).length;
  const least = Math.min(positives, examples.length - positives);
  if (least < MIN_EXAMPLES_PER_LABEL) {
    return `each label needs at least ${MIN_EXAMPLES_PER_LABEL} examples; got ${positives} labelled true and ${examples.length - positives} labelled false`;
  }
  return null;
}

export const createClassifierSchema = z
  .object({
    name: classifierNameSchema,
    /** The category its hits count under: `custom` or any built-in one. */
    category: categorySchema.default('custom'),
    /** The examples in the body (as many as the body limit lets through)… */
    examples: z.array(classifierExampleSchema).max(MAX_CLASSIFIER_EXAMPLES).optional(),
    /** …or in a JSON Lines file uploaded to `POST /v1/files`, one `{"text":…,"label":true|false}` per line. */
    examplesFileId: z.string().regex(FILE_ID_PATTERN, 'examplesFileId must be an id returned by POST /v1/files').optional(),
    /** …or `"reviews"`: the decisions the tenant's moderators made on text in the review queue. */
    examplesFrom: z.literal('reviews', { error: 'examplesFrom takes "reviews": the decisions made in the review queue' }).optional(),
  })
  .refine(
    (b) => [b.examples, b.examplesFileId, b.examplesFrom].filter((source) => source !== undefined).length === 1,
    'give the examples one way: examples, examplesFileId or examplesFrom: "reviews"',
  );
export type CreateClassifier = z.infer<typeof createClassifierSchema>;

export const CLASSIFIER_STATUSES = ['queued', 'training', 'ready', 'failed'] as const;

/** How the classifier did on the examples it did not train on. */
export const heldOutFiguresSchema = z.object({
  /** How the examples were split. */
  split: z.string(),
  trainExamples: z.number().int(),
  heldOutExamples: z.number().int(),
  /** The model's probability at which a text counts as in the category (chosen on the held-out split). */
  threshold: z.number(),
  accuracy: z.number(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  truePositives: z.number().int(),
  falsePositives: z.number().int(),
  falseNegatives: z.number().int(),
  trueNegatives: z.number().int(),
});
export type HeldOutFigures = z.infer<typeof heldOutFiguresSchema>;

/** A tenant's classifier as the API shows it. */
export const classifierSchema = z.object({
  name: classifierNameSchema,
  category: categorySchema,
  status: z.enum(CLASSIFIER_STATUSES),
  /** Training progress, 0–100. */
  progress: z.number().int().min(0).max(100),
  /** Examples it was given. */
  examples: z.number().int(),
  /** The training job (`GET /v1/jobs/:id`). */
  jobId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  figures: heldOutFiguresSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type Classifier = z.infer<typeof classifierSchema>;

/** What is stored: the public record, the id of this training (a classifier made again under the same name gets a new one) and its examples' blob until training ends. */
export const storedClassifierSchema = classifierSchema.extend({
  id: z.string(),
  examplesFile: z.string().nullable(),
});
export type StoredClassifier = z.infer<typeof storedClassifierSchema>;
