import { z } from 'zod';
import { collectionSchema, createCollectionSchema, createSubjectSchema, faceMetadataSchema, faceRecordSchema, subjectSchema, type TaskName } from '@crs/core';

type Helpers = {
  pascal: (task: TaskName) => string;
  json: (schema: z.ZodType, io: 'input' | 'output') => unknown;
  ref: (name: string) => unknown;
  content: (schema: unknown) => unknown;
  errorResponse: (description: string) => unknown;
  common: Record<string, unknown>;
};

/** Schemas and paths of `/v1/face/…`: the synchronous face tasks and the face library. */
export function faceOpenApi({ pascal, json, ref, content, errorResponse, common }: Helpers) {
  const schemas = {
    FaceCollection: json(collectionSchema.extend({ subjects: z.number().int(), faces: z.number().int() }), 'output'),
    CreateFaceCollection: json(createCollectionSchema, 'input'),
    FaceSubject: json(subjectSchema.extend({ faces: z.unknown() }), 'output'),
    CreateFaceSubject: json(createSubjectSchema, 'input'),
    FaceRecord: json(faceRecordSchema, 'output'),
    AddFace: json(z.object({ image: z.unknown(), metadata: faceMetadataSchema.optional() }), 'input'),
  };
  const path = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
  const [c, s, faceId] = [path('c'), path('s'), path('faceId')];
  const notFound = { '404': errorResponse('not_found (also for another tenant\'s ids)') };
  const sync = (task: TaskName, summary: string) => ({
    post: {
      summary: `${summary} (runs a ${task} job and waits up to 30 s, or Prefer: wait=N)`,
      requestBody: { required: true, content: content(ref(`${pascal(task)}Input`)) },
      responses: {
        '200': { description: 'The result, with the id of the job that produced it', content: content(ref(`${pascal(task)}Result`)) },
        '202': { description: 'Not finished in time; poll the job', content: content(ref('Job')) },
        '400': errorResponse('invalid_request'),
        '422': errorResponse('no_face_found, model_not_installed, unsupported_media, corrupt_media'),
        ...notFound,
        ...common,
      },
    },
  });
  const list = (summary: string, item: string, key: string) => ({ summary, responses: { '200': { description: summary, content: content({ type: 'object', properties: { [key]: { type: 'array', items: ref(item) } } }) }, ...notFound, ...common } });
  const remove = (summary: string) => ({ summary, responses: { '204': { description: 'Deleted, with everything in it, now' }, ...notFound, ...common } });
  const paths = {
    '/v1/face/detect': sync('face.detect', 'Find faces with landmarks and quality hints'),
    '/v1/face/embed': sync('face.embed', 'Face feature vectors'),
    '/v1/face/compare': sync('face.compare', '1:1 similarity of two images or an image and a stored face'),
    '/v1/face/search': sync('face.search', '1:N and M:N search of a face collection'),
    '/v1/face/liveness': sync('face.liveness', 'Single-image liveness per face'),
    '/v1/face/collections': {
      get: list("The tenant's face collections", 'FaceCollection', 'collections'),
      post: {
        summary: 'Create a face collection',
        requestBody: { required: true, content: content(ref('CreateFaceCollection')) },
        responses: { '201': { description: 'Created', content: content(ref('FaceCollection')) }, '409': errorResponse('already_exists'), '400': errorResponse('invalid_request'), ...common },
      },
    },
    '/v1/face/collections/{c}': {
      get: { summary: 'A face collection', parameters: [c], responses: { '200': { description: 'The collection', content: content(ref('FaceCollection')) }, ...notFound, ...common } },
      delete: { ...remove('Delete a collection with every subject, embedding and kept image'), parameters: [c] },
    },
    '/v1/face/collections/{c}/subjects': {
      get: { ...list('Subjects of a collection', 'FaceSubject', 'subjects'), parameters: [c] },
      post: {
        summary: 'Create a subject (a person)',
        parameters: [c],
        requestBody: { required: true, content: content(ref('CreateFaceSubject')) },
        responses: { '201': { description: 'Created', content: content(ref('FaceSubject')) }, '409': errorResponse('already_exists'), ...notFound, ...common },
      },
    },
    '/v1/face/collections/{c}/subjects/{s}': {
      get: { summary: 'A subject with its faces', parameters: [c, s], responses: { '200': { description: 'The subject', content: content(ref('FaceSubject')) }, ...notFound, ...common } },
      delete: { ...remove('Delete a subject and every face of it'), parameters: [c, s] },
    },
    '/v1/face/collections/{c}/subjects/{s}/faces': {
      get: { ...list("A subject's faces", 'FaceRecord', 'faces'), parameters: [c, s] },
      post: {
        summary: 'Add the main face of an image (runs a face.enroll job and waits)',
        parameters: [c, s],
        requestBody: { required: true, content: content(ref('AddFace')) },
        responses: {
          '201': { description: 'The stored face', content: content(ref('FaceRecord')) },
          '202': { description: 'Not finished in time; poll the job', content: content(ref('Job')) },
          '409': errorResponse('embedding_model_mismatch'),
          '422': errorResponse('no_face_found, limit_exceeded, model_not_installed'),
          ...notFound,
          ...common,
        },
      },
    },
    '/v1/face/collections/{c}/subjects/{s}/faces/{faceId}': {
      get: { summary: 'A stored face', parameters: [c, s, faceId], responses: { '200': { description: 'The face', content: content(ref('FaceRecord')) }, ...notFound, ...common } },
      delete: { ...remove('Delete a face'), parameters: [c, s, faceId] },
    },
    '/v1/face/collections/{c}/subjects/{s}/faces/{faceId}/image': {
      get: { summary: 'The aligned face crop, for collections that keep images', parameters: [c, s, faceId], responses: { '200': { description: 'PNG', content: { 'image/png': {} } }, ...notFound, ...common } },
    },
  };
  return { schemas, paths };
}
