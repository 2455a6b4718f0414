import { createLogger, InternalError, InvalidJsonError, InvalidRequestError, NotFoundError, PayloadTooLargeError, ServiceUnavailableError, TextTooLongError } from '@crs/core';
import { describe, expect, it } from 'vitest';
import { errorResponse, toAppError } from '../src/http/errorHandler.js';
import { preferredWaitSeconds } from '../src/jobs/waitForJob.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { buildOpenApi } from '../src/openapi/buildOpenApi.js';
import { routes } from '../src/routes.js';

describe('Prefer: wait', () => {
  it.each([
    [undefined, 0],
    ['', 0],
    ['wait=5', 5],
    ['respond-async, wait=10', 10],
    ['wait="7"', 7],
    ['wait=600', 60],
    ['wait=abc', 0],
    ['nowait=5', 0],
  ])('%j → %d seconds', (header, seconds) => expect(preferredWaitSeconds(header)).toBe(seconds));
});

describe('toAppError', () => {
  it('keeps typed errors as they are', () => {
    const err = new TextTooLongError('too long');
    expect(toAppError(err)).toBe(err);
  });

  it('maps body-parser failures to 4xx codes', () => {
    expect(toAppError(Object.assign(new SyntaxError('x'), { type: 'entity.parse.failed', status: 400 }))).toBeInstanceOf(InvalidJsonError);
    expect(toAppError(Object.assign(new Error('x'), { type: 'entity.too.large', status: 413 }))).toBeInstanceOf(PayloadTooLargeError);
    expect(toAppError(Object.assign(new Error('x'), { type: 'charset.unsupported', status: 415 })).status).toBe(400);
  });

  it('maps an unreachable Redis to 503 and anything else to a generic 500', () => {
    expect(toAppError(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBeInstanceOf(ServiceUnavailableError);
    const internal = toAppError(new TypeError('x is undefined'));
    expect(internal).toBeInstanceOf(InternalError);
    expect(internal.message).toBe('an internal error occurred');
  });
});

describe('errorResponse', () => {
  const logger = createLogger('test', 'silent');

  it('redacts server paths from the message and keeps the caller\'s own path', () => {
    const leaky = new InvalidRequestError("the multipart body cannot be read: EACCES, open '/var/lib/crs/tmp/upload-1'");
    const out = errorResponse(leaky, logger, { method: 'POST', path: '/v1/files' });
    expect(out.body).toEqual({ error: { code: 'invalid_request', message: "the multipart body cannot be read: EACCES, open '[path]'" } });
    const missing = errorResponse(new NotFoundError('no route GET /admin/no/such'), logger, { method: 'GET', path: '/admin/no/such' });
    expect(missing.body).toEqual({ error: { code: 'not_found', message: 'no route GET /admin/no/such' } });
  });
});

describe('OpenAPI document', () => {
  const doc = buildOpenApi('1.2.3');
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as { operationId?: string; summary?: string; responses: Record<string, unknown> } })),
  );

  it('has one operation per registry route, each with an operationId, a summary and readable parameter names', () => {
    expect(doc.info.version).toBe('1.2.3');
    expect(operations).toHaveLength(routes.length);
    for (const { op } of operations) {
      expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary).toBeTruthy();
    }
    expect(new Set(operations.map((o) => o.op.operationId)).size).toBe(routes.length);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/jobs/{jobId}', '/v1/face/collections/{collectionId}/subjects/{subjectId}/faces/{faceId}']),
    );
    expect(Object.keys(doc.paths).join()).not.toMatch(/\{[a-z]\}/);
    const input = doc.components.schemas.TextModerateInput as { required: string[]; properties: Record<string, unknown> };
    expect(input.required).toEqual(['text']);
    expect(input.properties).toHaveProperty('categories');
  });

  it('compiles as JSON Schema 2020-12 and types a job\'s result by its task', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ ...doc, $id: 'openapi.json' });
    const job = ajv.getSchema('openapi.json#/components/schemas/Job')!;
    const base = { id: 'j', status: 'succeeded', progress: 100, error: null, createdAt: '2026-01-01T00:00:00.000Z', startedAt: null, finishedAt: null, urls: { self: '/v1/jobs/j', cancel: '/v1/jobs/j/cancel' } };
    const moderation = { verdict: 'pass', labels: [], hits: [] };
    expect(job({ ...base, task: 'text.moderate', result: moderation })).toBe(true);
    expect(job({ ...base, task: 'image.ocr', result: { nonsense: true } })).toBe(false);
    expect(job({ ...base, task: 'text.moderate', result: null, extraField: 1 })).toBe(true);
  });

  it('lists each error status with its stable codes as an enum', () => {
    const createJob = operations.find((o) => o.op.operationId === 'createJob')!.op;
    const unprocessable = JSON.stringify(createJob.responses['422']);
    expect(unprocessable).toContain('"enum":[');
    expect(unprocessable).toContain('unknown_task');
    expect(JSON.stringify(createJob.responses['400'])).toContain('invalid_request');
  });
});
