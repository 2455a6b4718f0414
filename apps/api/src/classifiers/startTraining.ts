import { createHash, randomUUID } from 'node:crypto';
import {
  classifierSchema,
  encodeExamples,
  EXAMPLES_CONTENT_TYPE,
  examplesProblem,
  InvalidExamplesError,
  type BlobInfo,
  type Category,
  type Classifier,
  type ClassifierExample,
  type StoredClassifier,
} from '@crs/core';
import type { ApiContext } from '../context.js';
import { submitJob } from '../jobs/submitJob.js';

export interface TrainingRequest {
  tenant: string;
  name: string;
  category: Category;
  /** `label: true` when the text is in `category`. */
  examples: readonly ClassifierExample[];
  /** Where the examples came from, said before what is wrong with them when the caller did not send them itself. */
  source?: string;
}

/** The record as callers see it (without the training's id and its examples' blob). */
export const classifierView = (record: StoredClassifier): Classifier => classifierSchema.parse(record);

/**
 * Starts training a tenant's classifier: the examples go to the blob store
 * (kept only until the training ends), the record to Redis as `queued`, and a
 * `text.classifier.train` job to the workers. The route is a thin wrapper
 * over this; anything else that gathers labelled texts (moderators'
 * decisions) trains a classifier the same way. The API itself never trains.
 */
export async function startTraining(ctx: ApiContext, request: TrainingRequest): Promise<Classifier> {
  const { tenant, name, category, examples } = request;
  const problem = examplesProblem(examples);
  if (problem) throw new InvalidExamplesError(request.source ? `${request.source}: ${problem}` : problem, { details: { examples: examples.length } });
  const bytes = encodeExamples(examples);
  const now = Date.now();
  const blob: BlobInfo = {
    id: randomUUID(),
    tenant,
    size: bytes.length,
    contentType: EXAMPLES_CONTENT_TYPE,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    createdAt: now,
  };
  const at = new Date(now).toISOString();
  const record: StoredClassifier = {
    name,
    category,
    status: 'queued',
    progress: 0,
    examples: examples.length,
    jobId: randomUUID(),
    createdAt: at,
    updatedAt: at,
    figures: null,
    error: null,
    id: `clf_${randomUUID().replaceAll('-', '')}`,
    examplesFile: blob.id,
  };
  await ctx.blobs.put(blob, bytes);
  try {
    await ctx.classifiers.create(tenant, record);
  } catch (err) {
    await ctx.blobs.delete(tenant, blob.id).catch(() => false);
    throw err;
  }
  try {
    await submitJob(ctx, tenant, { task: 'text.classifier.train', input: { name, id: record.id }, id: record.jobId });
  } catch (err) {
    await ctx.classifiers.delete(tenant, name).catch(() => undefined);
    await ctx.blobs.delete(tenant, blob.id).catch(() => false);
    throw err;
  }
  return classifierView(record);
}
