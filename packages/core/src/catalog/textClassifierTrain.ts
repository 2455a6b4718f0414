import { z } from 'zod';
import { classifierNameSchema, heldOutFiguresSchema } from '../classifiers/schemas.js';
import { defineTask } from './defineTask.js';

/**
 * Trains one of the tenant's classifiers from the examples stored when it was
 * created (`POST /v1/text/classifiers`); the job carries only which one.
 */
export const textClassifierTrainInputSchema = z.object({
  name: classifierNameSchema,
  /** The training this job is for: a classifier deleted and made again under its name is another training. */
  id: z.string().min(1).max(64),
});

export const textClassifierTrainOutputSchema = z.object({
  name: classifierNameSchema,
  figures: heldOutFiguresSchema,
  /** Size of the stored weights. */
  bytes: z.number().int(),
  seconds: z.number(),
});

export const textClassifierTrain = defineTask({
  name: 'text.classifier.train',
  summary: "Train a tenant's text classifier from its labelled examples (started by POST /v1/text/classifiers)",
  queue: 'text.classifier.train',
  input: textClassifierTrainInputSchema,
  output: textClassifierTrainOutputSchema,
  timeoutMs: 15 * 60_000,
  // A training that failed once fails again on the same examples; its examples are gone once it ends.
  attempts: 1,
  concurrency: 1,
});
