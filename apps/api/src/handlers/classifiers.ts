import {
  decisionsAsExamples,
  EXAMPLES_CONTENT_TYPE,
  exportDecisions,
  FileNotFoundError,
  InvalidExamplesError,
  parseExamples,
  type Category,
  type CreateClassifier,
  type StoredClassifier,
} from '@crs/core';
import { classifierView, startTraining } from '../classifiers/startTraining.js';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';
import { deleteOwnedJob } from '../jobs/deleteOwnedJob.js';
import { currentView } from '../jobs/currentView.js';

/*
 * `/v1/text/classifiers`: a tenant's own text classifiers, trained by the
 * workers from its labelled examples. Another tenant's names are 404.
 */

/** The examples of an uploaded JSON Lines file; the file is consumed (deleted) once read, as the examples are once trained on. */
async function examplesOfFile(ctx: ApiContext, tenant: string, fileId: string) {
  const found = await ctx.blobs.get(tenant, fileId);
  if (!found) throw new FileNotFoundError(`no file ${fileId}: upload the examples to POST /v1/files first`);
  if (found.info.contentType !== EXAMPLES_CONTENT_TYPE) {
    throw new InvalidExamplesError(`file ${fileId} holds ${found.info.contentType}, not examples: upload JSON Lines, one {"text": "…", "label": true|false} per line`);
  }
  return parseExamples(found.bytes);
}

/** The review queue's decided texts, as examples for a classifier of `category`. */
async function examplesOfReviews(ctx: ApiContext, tenant: string, category: Category) {
  const examples = decisionsAsExamples(await exportDecisions(ctx.reviews, tenant), category);
  // The caller did not send these examples and cannot count them, so a refusal says what the queue holds.
  const source = `the review queue's decided texts (a pass is a negative; a block naming ${category}, or no category, a positive) are not enough yet`;
  return { examples, source };
}

export const createClassifier =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const tenant = tenantOf(req);
    // Checked by the route's schema already (unknown fields refused).
    const body = req.body as CreateClassifier;
    const { examples, source } = body.examplesFileId
      ? { examples: await examplesOfFile(ctx, tenant, body.examplesFileId), source: undefined }
      : body.examplesFrom === 'reviews'
        ? await examplesOfReviews(ctx, tenant, body.category)
        : { examples: body.examples!, source: undefined };
    const classifier = await startTraining(ctx, { tenant, name: body.name, category: body.category, examples, ...(source ? { source } : {}) });
    if (body.examplesFileId) await ctx.blobs.delete(tenant, body.examplesFileId);
    return { status: 202, body: classifier, headers: { Location: `/v1/text/classifiers/${classifier.name}` } };
  };

/**
 * The record as stored, unless its training job ended without saying so
 * (a worker killed mid-training, a job canceled or expired): then it is
 * shown failed with the job's error.
 */
async function settled(ctx: ApiContext, tenant: string, record: StoredClassifier) {
  if (record.status === 'ready' || record.status === 'failed') return classifierView(record);
  const job = await currentView(ctx, record.jobId, tenant);
  if (job && job.status !== 'failed' && job.status !== 'canceled') return classifierView(record);
  const error = job?.error ?? { code: 'canceled', message: 'the training job is gone; delete the classifier and create it again' };
  return classifierView({ ...record, status: 'failed', error: { code: error.code, message: error.message } });
}

export const listClassifiers =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const tenant = tenantOf(req);
    const records = await ctx.classifiers.list(tenant);
    return { status: 200, body: { classifiers: await Promise.all(records.map((r) => settled(ctx, tenant, r))) } };
  };

export const getClassifier =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const tenant = tenantOf(req);
    return { status: 200, body: await settled(ctx, tenant, await ctx.classifiers.get(tenant, req.params.name!)) };
  };

/** Deletes the weights and record, the examples if training has not ended, and the training job with its result. */
export const deleteClassifier =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const tenant = tenantOf(req);
    const record = await ctx.classifiers.delete(tenant, req.params.name!);
    if (record.examplesFile) await ctx.blobs.delete(tenant, record.examplesFile);
    await deleteOwnedJob(ctx, tenant, record.jobId);
    return { status: 204 };
  };
