import { z } from 'zod';
import { catalog, collectionSchema, createCollectionSchema, createLexiconSchema, createSubjectSchema, faceRecordSchema, storedFileSchema, subjectSchema, tenantLexiconSchema, textModerateInputSchema, thresholdsBodySchema, updateCollectionSchema, updateLexiconSchema, TEXT_SYNC_MAX_CHARS, type TaskName } from '@crs/core';
import { availabilityQuerySchema, tenantAvailability } from './handlers/availability.js';
import { cancelJob } from './handlers/cancelJob.js';
import { createJob } from './handlers/createJob.js';
import { deleteJob } from './handlers/deleteJob.js';
import { deleteFile, downloadFile, uploadFile } from './handlers/files.js';
import { getJob } from './handlers/getJob.js';
import {
  addFace,
  createCollection,
  createSubject,
  deleteCollection,
  deleteFace,
  deleteSubject,
  getCollection,
  getFace,
  getFaceImage,
  getSubject,
  listCollections,
  listFaces,
  listSubjects,
  updateCollection,
} from './handlers/faceLibrary.js';
import { compareFacesNow, detectFacesNow, embedFacesNow, livenessNow, searchFacesNow, watchFacesNow } from './handlers/faceTasks.js';
import { listJobs, listJobsQuerySchema } from './handlers/listJobs.js';
import { healthz, readyz } from './handlers/health.js';
import { createLexicon, deleteLexicon, getLexicon, listLexicons, updateLexicon } from './handlers/lexicons.js';
import { moderateText } from './handlers/moderateText.js';
import { getThresholds, putThresholds } from './handlers/thresholds.js';
import { webhookSecret } from './handlers/webhookSecret.js';
import { listPageQuerySchema } from './http/pageList.js';
import { jobRequestSchema } from './jobs/jobRequest.js';
import { jobRequestBodyDoc } from './openapi/jobRequestDoc.js';
import type { Route } from './registry/route.js';
import {
  addFaceBodySchema,
  faceCollectionSchema,
  faceSubjectSchema,
  faceSubjectSummarySchema,
  jobSchema,
  lexiconWithTermsSchema,
  syncResultSchema,
  thresholdsAnswerSchema,
} from './registry/schemas.js';

export type { Route } from './registry/route.js';

/** Errors a task can end in, answered by the routes that wait for one. */
const TASK_FAILURES = [
  'model_not_installed',
  'unsupported_media',
  'corrupt_media',
  'media_too_large',
  'image_too_large',
  'video_too_large',
  'invalid_duration',
  'no_audio_stream',
  'no_video_stream',
  'sample_rate_too_low',
  'no_face_found',
  'url_fetch_failed',
  'url_not_allowed',
  'invalid_base64',
  'file_not_found',
  'limit_exceeded',
  'canceled',
  'timeout',
];
const MEDIA_INPUT = ['unsupported_media', 'media_too_large', 'url_fetch_failed', 'url_not_allowed', 'invalid_base64', 'file_not_found', 'corrupt_media', 'image_too_large'];

const accepted = { description: 'Not finished in time: the queued job, to poll', schema: jobSchema };
const deleted = { description: 'Deleted now' };
/** A page of a list that can grow; `nextCursor` is null on the last. */
const list = (key: string, item: z.ZodType) => z.object({ [key]: z.array(item), nextCursor: z.string().nullable() });
const preferWait = { name: 'Prefer', description: 'wait=N (N ≤ 60): how long to wait for the job before answering 202' };

const faceTask = (task: TaskName, path: string, operationId: string, summary: string, handler: Route['handler']): Route => ({
  method: 'post',
  path,
  auth: true,
  operationId,
  tag: 'Face',
  summary: `${summary} (runs a ${task} job and waits up to 30 s, or Prefer: wait=N)`,
  body: catalog[task].input,
  headers: [preferWait],
  responses: { 200: { description: 'The result, with the id of the job that produced it', schema: syncResultSchema(task) }, 202: accepted },
  errors: [...TASK_FAILURES],
  handler,
});

/** Every API route in one table: the router, validation and OpenAPI document come from it. */
export const routes: Route[] = [
  { method: 'get', path: '/healthz', auth: false, operationId: 'healthz', tag: 'Operations', summary: 'Liveness', responses: { 200: { description: 'Up', schema: z.object({ status: z.literal('ok') }) } }, errors: [], handler: healthz },
  {
    method: 'get',
    path: '/readyz',
    auth: false,
    operationId: 'readyz',
    tag: 'Operations',
    summary: 'Readiness: Redis reachable, media storage writable',
    responses: {
      200: { description: 'Ready', schema: z.object({ status: z.string(), checks: z.record(z.string(), z.unknown()) }).loose() },
      503: { description: 'Not ready', schema: z.object({ status: z.string(), checks: z.record(z.string(), z.unknown()) }).loose() },
    },
    errors: [],
    handler: readyz,
  },
  {
    method: 'post',
    path: '/v1/jobs',
    auth: true,
    operationId: 'createJob',
    tag: 'Jobs',
    summary: 'Submit a job',
    body: jobRequestSchema,
    documentedBody: jobRequestBodyDoc,
    headers: [preferWait, { name: 'Idempotency-Key', description: 'replays the first answer for the same key and body' }],
    responses: { 200: { description: 'Finished within the Prefer: wait time', schema: jobSchema }, 202: { description: 'Accepted and queued', schema: jobSchema } },
    errors: ['unknown_task', 'text_too_long', 'text_empty', 'invalid_text', 'idempotency_key_reused', 'idempotency_key_pending', 'model_not_installed', ...MEDIA_INPUT],
    handler: createJob,
  },
  {
    method: 'get',
    path: '/v1/jobs',
    auth: true,
    operationId: 'listJobs',
    tag: 'Jobs',
    summary: "Call records: the caller's jobs, newest first, without content unless asked",
    query: listJobsQuerySchema,
    responses: { 200: { description: 'A page of jobs', schema: z.object({ jobs: z.array(jobSchema), nextCursor: z.string().nullable() }) } },
    errors: [],
    handler: listJobs,
  },
  { method: 'get', path: '/v1/jobs/:jobId', auth: true, operationId: 'getJob', tag: 'Jobs', summary: 'A job and its result', responses: { 200: { description: 'The job', schema: jobSchema } }, errors: [], handler: getJob },
  { method: 'delete', path: '/v1/jobs/:jobId', auth: true, operationId: 'deleteJob', tag: 'Jobs', summary: 'Delete a job, its input and its result now', responses: { 204: deleted }, errors: [], handler: deleteJob },
  {
    method: 'post',
    path: '/v1/jobs/:jobId/cancel',
    auth: true,
    operationId: 'cancelJob',
    tag: 'Jobs',
    summary: 'Cancel a queued or running job',
    responses: { 202: { description: 'Canceled, or cancel sent to the running worker', schema: jobSchema } },
    errors: ['job_not_cancelable'],
    handler: cancelJob,
  },
  {
    method: 'post',
    path: '/v1/text/moderate',
    auth: true,
    operationId: 'moderateText',
    tag: 'Text',
    summary: `Moderate up to ${TEXT_SYNC_MAX_CHARS} characters synchronously`,
    body: textModerateInputSchema,
    responses: { 200: { description: 'The moderation result, with the id of the job that produced it', schema: syncResultSchema('text.moderate') }, 202: accepted },
    errors: ['text_too_long', 'text_empty', 'invalid_text', 'canceled', 'timeout', 'model_not_installed'],
    handler: moderateText,
  },
  { method: 'get', path: '/v1/text/thresholds', auth: true, operationId: 'getThresholds', tag: 'Text', summary: "The tenant's review/block thresholds per category (defaults for those not set)", responses: { 200: { description: 'Thresholds', schema: thresholdsAnswerSchema } }, errors: [], handler: getThresholds },
  {
    method: 'put',
    path: '/v1/text/thresholds',
    auth: true,
    operationId: 'putThresholds',
    tag: 'Text',
    summary: "Replace the tenant's thresholds; categories left out use the defaults",
    body: thresholdsBodySchema,
    responses: { 200: { description: 'Thresholds', schema: thresholdsAnswerSchema } },
    errors: [],
    handler: putThresholds,
  },
  { method: 'get', path: '/v1/lexicons', auth: true, operationId: 'listLexicons', query: listPageQuerySchema, tag: 'Lexicons', summary: "The tenant's deny and allow lists", responses: { 200: { description: 'Lexicons', schema: list('lexicons', tenantLexiconSchema) } }, errors: [], handler: listLexicons },
  {
    method: 'post',
    path: '/v1/lexicons',
    auth: true,
    operationId: 'createLexicon',
    tag: 'Lexicons',
    summary: 'Create a deny or allow list; workers use it from the next job on',
    body: createLexiconSchema,
    responses: { 201: { description: 'Created', schema: tenantLexiconSchema } },
    errors: ['limit_exceeded'],
    handler: createLexicon,
  },
  { method: 'get', path: '/v1/lexicons/:lexiconId', auth: true, operationId: 'getLexicon', tag: 'Lexicons', summary: 'One list with its terms', responses: { 200: { description: 'The list', schema: lexiconWithTermsSchema } }, errors: [], handler: getLexicon },
  {
    method: 'patch',
    path: '/v1/lexicons/:lexiconId',
    auth: true,
    operationId: 'updateLexicon',
    tag: 'Lexicons',
    summary: 'Rename, re-weight, or add and remove terms',
    body: updateLexiconSchema,
    responses: { 200: { description: 'Updated', schema: tenantLexiconSchema } },
    errors: ['limit_exceeded'],
    handler: updateLexicon,
  },
  { method: 'delete', path: '/v1/lexicons/:lexiconId', auth: true, operationId: 'deleteLexicon', tag: 'Lexicons', summary: 'Delete a list and its terms', responses: { 204: deleted }, errors: [], handler: deleteLexicon },
  {
    method: 'post',
    path: '/v1/files',
    auth: true,
    operationId: 'uploadFile',
    tag: 'Files',
    summary: 'Upload media (multipart/form-data, one part named "file"); use its id as { fileId } in job input',
    upload: true,
    responses: { 201: { description: 'Stored until the retention period ends', schema: storedFileSchema } },
    errors: ['invalid_upload', 'media_too_large', 'unsupported_media'],
    handler: uploadFile,
  },
  { method: 'get', path: '/v1/files/:fileId', auth: true, operationId: 'downloadFile', tag: 'Files', summary: "A file's bytes (uploads and task outputs), to the tenant that owns it", responses: { 200: { description: 'The bytes, with their sniffed Content-Type', contentType: 'application/octet-stream' } }, errors: [], handler: downloadFile },
  { method: 'delete', path: '/v1/files/:fileId', auth: true, operationId: 'deleteFile', tag: 'Files', summary: 'Delete a file now', responses: { 204: deleted }, errors: [], handler: deleteFile },
  faceTask('face.detect', '/v1/face/detect', 'detectFaces', 'Find faces with landmarks and quality hints', detectFacesNow),
  faceTask('face.embed', '/v1/face/embed', 'embedFaces', 'Face feature vectors', embedFacesNow),
  faceTask('face.compare', '/v1/face/compare', 'compareFaces', '1:1 similarity of two images or an image and a stored face', compareFacesNow),
  faceTask('face.search', '/v1/face/search', 'searchFaces', '1:N and M:N search of a face collection', searchFacesNow),
  faceTask('face.liveness', '/v1/face/liveness', 'checkLiveness', 'Single-image liveness per face', livenessNow),
  faceTask('face.watch', '/v1/face/watch', 'watchFaces', "Every face against the tenant's watchlists (collections with a moderation category)", watchFacesNow),
  { method: 'get', path: '/v1/face/collections', auth: true, operationId: 'listFaceCollections', query: listPageQuerySchema, tag: 'Face library', summary: "The tenant's face collections", responses: { 200: { description: 'Collections', schema: list('collections', faceCollectionSchema) } }, errors: [], handler: listCollections },
  {
    method: 'post',
    path: '/v1/face/collections',
    auth: true,
    operationId: 'createFaceCollection',
    tag: 'Face library',
    summary: 'Create a face collection (with `moderation`, a watchlist that image and video moderation check faces against)',
    body: createCollectionSchema,
    responses: { 201: { description: 'Created', schema: collectionSchema } },
    errors: ['already_exists', 'limit_exceeded'],
    handler: createCollection,
  },
  { method: 'get', path: '/v1/face/collections/:collectionId', auth: true, operationId: 'getFaceCollection', tag: 'Face library', summary: 'A face collection', responses: { 200: { description: 'The collection', schema: faceCollectionSchema } }, errors: [], handler: getCollection },
  {
    method: 'patch',
    path: '/v1/face/collections/:collectionId',
    auth: true,
    operationId: 'updateFaceCollection',
    tag: 'Face library',
    summary: 'Rename a collection, or make it a watchlist, change its category or level, or stop that (`moderation: null`)',
    body: updateCollectionSchema,
    responses: { 200: { description: 'Updated', schema: faceCollectionSchema } },
    errors: [],
    handler: updateCollection,
  },
  { method: 'delete', path: '/v1/face/collections/:collectionId', auth: true, operationId: 'deleteFaceCollection', tag: 'Face library', summary: 'Delete a collection with every subject, embedding and kept image', responses: { 204: deleted }, errors: [], handler: deleteCollection },
  { method: 'get', path: '/v1/face/collections/:collectionId/subjects', auth: true, operationId: 'listFaceSubjects', query: listPageQuerySchema, tag: 'Face library', summary: 'Subjects of a collection', responses: { 200: { description: 'Subjects', schema: list('subjects', faceSubjectSummarySchema) } }, errors: [], handler: listSubjects },
  {
    method: 'post',
    path: '/v1/face/collections/:collectionId/subjects',
    auth: true,
    operationId: 'createFaceSubject',
    tag: 'Face library',
    summary: 'Create a subject (a person)',
    body: createSubjectSchema,
    responses: { 201: { description: 'Created', schema: subjectSchema } },
    errors: ['already_exists', 'limit_exceeded'],
    handler: createSubject,
  },
  { method: 'get', path: '/v1/face/collections/:collectionId/subjects/:subjectId', auth: true, operationId: 'getFaceSubject', tag: 'Face library', summary: 'A subject with its faces', responses: { 200: { description: 'The subject', schema: faceSubjectSchema } }, errors: [], handler: getSubject },
  { method: 'delete', path: '/v1/face/collections/:collectionId/subjects/:subjectId', auth: true, operationId: 'deleteFaceSubject', tag: 'Face library', summary: 'Delete a subject and every face of it', responses: { 204: deleted }, errors: [], handler: deleteSubject },
  { method: 'get', path: '/v1/face/collections/:collectionId/subjects/:subjectId/faces', auth: true, operationId: 'listFaces', query: listPageQuerySchema, tag: 'Face library', summary: "A subject's faces", responses: { 200: { description: 'Faces', schema: list('faces', faceRecordSchema) } }, errors: [], handler: listFaces },
  {
    method: 'post',
    path: '/v1/face/collections/:collectionId/subjects/:subjectId/faces',
    auth: true,
    operationId: 'addFace',
    tag: 'Face library',
    summary: 'Add the main face of an image (runs a face.enroll job and waits)',
    body: addFaceBodySchema,
    headers: [preferWait],
    responses: { 201: { description: 'The stored face, with the id of the job that stored it', schema: faceRecordSchema.extend({ jobId: z.string() }) }, 202: accepted },
    errors: ['embedding_model_mismatch', ...TASK_FAILURES],
    handler: addFace,
  },
  { method: 'get', path: '/v1/face/collections/:collectionId/subjects/:subjectId/faces/:faceId', auth: true, operationId: 'getFace', tag: 'Face library', summary: 'A stored face', responses: { 200: { description: 'The face', schema: faceRecordSchema } }, errors: [], handler: getFace },
  { method: 'get', path: '/v1/face/collections/:collectionId/subjects/:subjectId/faces/:faceId/image', auth: true, operationId: 'getFaceImage', tag: 'Face library', summary: 'The aligned face crop, for collections that keep images', responses: { 200: { description: 'PNG', contentType: 'image/png' } }, errors: [], handler: getFaceImage },
  { method: 'delete', path: '/v1/face/collections/:collectionId/subjects/:subjectId/faces/:faceId', auth: true, operationId: 'deleteFace', tag: 'Face library', summary: 'Delete a face', responses: { 204: deleted }, errors: [], handler: deleteFace },
  {
    method: 'get',
    path: '/v1/stats/availability',
    auth: true,
    operationId: 'getAvailability',
    tag: 'Operations',
    summary: "The caller's availability figure: (1 − Σ window error rate / windows) × 100, 5-minute windows",
    query: availabilityQuerySchema,
    responses: {
      200: {
        description: 'The figure',
        schema: z.object({
          availability: z.number().nullable(),
          from: z.string(),
          to: z.string(),
          windows: z.number().int(),
          validRequests: z.number().int(),
          failedRequests: z.number().int(),
          series: z.array(z.object({ start: z.number().int(), valid: z.number().int(), failed: z.number().int() })).optional(),
        }).loose(),
      },
    },
    errors: [],
    handler: tenantAvailability,
  },
  { method: 'get', path: '/v1/webhook-secret', auth: true, operationId: 'getWebhookSecret', tag: 'Webhooks', summary: "The tenant's webhook signing secret (Standard Webhooks, whsec_…)", responses: { 200: { description: 'The secret', schema: z.object({ secret: z.string() }) } }, errors: [], handler: webhookSecret },
];
