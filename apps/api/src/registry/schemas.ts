import { z } from 'zod';
import {
  catalog,
  collectionSchema,
  createCollectionSchema,
  updateCollectionSchema,
  createLexiconSchema,
  createSubjectSchema,
  faceEnrollInputSchema,
  faceRecordSchema,
  jobViewSchema,
  MODERATION_CATEGORIES,
  reviewDecisionBodySchema,
  reviewItemSchema,
  reviewSettingsSchema,
  reviewSummarySchema,
  storedFileSchema,
  subjectSchema,
  tenantLexiconSchema,
  thresholdPairSchema,
  thresholdsBodySchema,
  updateLexiconSchema,
  webhookSubscriptionSchema,
  type TaskName,
} from '@crs/core';
import { jobRequestSchema } from '../jobs/jobRequest.js';

/**
 * The shapes the routes answer with, as zod schemas, so the OpenAPI document
 * states them from the same source the handlers are typed against.
 */

/** A job as every route shows it: the stored view plus links. Open: a job may gain fields without breaking clients. */
export const jobSchema = jobViewSchema.extend({ urls: z.object({ self: z.string(), cancel: z.string() }) }).loose();

/** What a compact call record keeps of a result: verdict and labels only. */
export const compactResultSchema = z.object({
  verdict: z.string().optional(),
  labels: z.array(z.object({ category: z.string(), score: z.number(), verdict: z.string() })).optional(),
});

export const addFaceBodySchema = faceEnrollInputSchema.omit({ collection: true, subject: true });
/** A collection as listed and read: with how many subjects and faces it holds. */
export const faceCollectionSchema = collectionSchema.extend({ subjects: z.number().int(), faces: z.number().int() });
/** A subject as listed: with how many faces it has. */
export const faceSubjectSummarySchema = subjectSchema.extend({ faces: z.number().int() });
/** A subject as read: with its faces. */
export const faceSubjectSchema = subjectSchema.extend({ faces: z.array(faceRecordSchema) });
export const lexiconWithTermsSchema = tenantLexiconSchema.extend({ terms: z.array(z.string()) });
export const thresholdsAnswerSchema = z.object({
  thresholds: z.record(z.enum(MODERATION_CATEGORIES), thresholdPairSchema),
  custom: thresholdsBodySchema.shape.thresholds,
});

/** The synchronous routes answer with the task's result and the id of the job that produced it. */
export function syncResultSchema(task: TaskName): z.ZodType {
  const output = catalog[task].output as z.ZodType;
  return output instanceof z.ZodObject ? output.extend({ jobId: z.string() }) : z.intersection(output, z.object({ jobId: z.string() }));
}

export const pascal = (name: string) =>
  name
    .split(/[.-]/)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');

/** Schemas published under their own name in `components.schemas`; a route using one refers to it. */
export function namedSchemas(): Map<z.ZodType, string> {
  const named = new Map<z.ZodType, string>([
    [webhookSubscriptionSchema, 'Webhook'],
    [tenantLexiconSchema, 'Lexicon'],
    [lexiconWithTermsSchema, 'LexiconWithTerms'],
    [createLexiconSchema, 'CreateLexicon'],
    [updateLexiconSchema, 'UpdateLexicon'],
    [thresholdsBodySchema, 'ThresholdsBody'],
    [thresholdsAnswerSchema, 'Thresholds'],
    [storedFileSchema, 'File'],
    [collectionSchema, 'FaceCollection'],
    [faceCollectionSchema, 'FaceCollectionWithCounts'],
    [subjectSchema, 'FaceSubject'],
    [faceSubjectSummarySchema, 'FaceSubjectSummary'],
    [createCollectionSchema, 'CreateFaceCollection'],
    [updateCollectionSchema, 'UpdateFaceCollection'],
    [faceSubjectSchema, 'FaceSubjectWithFaces'],
    [createSubjectSchema, 'CreateFaceSubject'],
    [faceRecordSchema, 'FaceRecord'],
    [addFaceBodySchema, 'AddFace'],
    [jobRequestSchema, 'JobRequestEnvelope'],
    [reviewItemSchema, 'ReviewItem'],
    [reviewDecisionBodySchema, 'ReviewDecision'],
    [reviewSettingsSchema, 'ReviewSettings'],
    [reviewSummarySchema, 'ReviewSummary'],
  ]);
  for (const task of Object.keys(catalog) as TaskName[]) {
    named.set(catalog[task].input, `${pascal(task)}Input`);
    named.set(catalog[task].output, `${pascal(task)}Result`);
  }
  return named;
}
