import { createLogger, InternalError, InvalidJsonError, InvalidRequestError, NotFoundError, PayloadTooLargeError, ServiceUnavailableError, TextTooLongError } from '@crs/core';
import { describe, expect, it } from 'vitest';
import { errorResponse, toAppError } from '../src/http/errorHandler.js';
import { preferredWaitSeconds } from '../src/jobs/waitForJob.js';
import { buildOpenApi } from '../src/openapi/buildOpenApi.js';

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
  it('describes every route with JSON Schema taken from the catalog', () => {
    const doc = buildOpenApi('1.2.3');
    expect(doc.info.version).toBe('1.2.3');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/jobs', '/v1/jobs/{id}', '/v1/jobs/{id}/cancel', '/v1/text/moderate', '/v1/webhook-secret']),
    );
    const input = doc.components.schemas.TextModerateInput as { required: string[]; properties: Record<string, unknown> };
    expect(input.required).toEqual(['text']);
    expect(input.properties).toHaveProperty('categories');
  });
});
