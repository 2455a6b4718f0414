import { z } from 'zod';
import { faceOpenApi } from './facePaths.js';
import {
  catalog,
  createLexiconSchema,
  jobViewSchema,
  storedFileSchema,
  TASK_NAMES,
  tenantLexiconSchema,
  TEXT_SYNC_MAX_CHARS,
  thresholdsBodySchema,
  updateLexiconSchema,
  webhookSubscriptionSchema,
  type TaskName,
} from '@crs/core';

const json = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const content = (schema: unknown) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: content(ref('Error')) });

const pascal = (task: TaskName) =>
  task
    .split(/[.-]/)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');

/**
 * The OpenAPI 3.1 document, derived from the job catalog so that every task's
 * input and result shape is exactly what the API and worker validate.
 */
export function buildOpenApi(version: string) {
  const schemas: Record<string, unknown> = {
    Error: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
        },
      },
    },
    Job: json(jobViewSchema, 'output'),
    Webhook: json(webhookSubscriptionSchema, 'input'),
    Lexicon: json(tenantLexiconSchema, 'output'),
    CreateLexicon: json(createLexiconSchema, 'input'),
    UpdateLexicon: json(updateLexiconSchema, 'input'),
    ThresholdsBody: json(thresholdsBodySchema, 'input'),
    File: json(storedFileSchema, 'output'),
  };
  const requests = TASK_NAMES.map((task) => {
    const name = pascal(task);
    schemas[`${name}Input`] = json(catalog[task].input, 'input');
    schemas[`${name}Result`] = json(catalog[task].output, 'output');
    schemas[`${name}Request`] = {
      type: 'object',
      required: ['task', 'input'],
      properties: {
        task: { const: task },
        input: ref(`${name}Input`),
        webhook: ref('Webhook'),
        idempotencyKey: { type: 'string', minLength: 1, maxLength: 255 },
      },
    };
    return ref(`${name}Request`);
  });
  const jobId = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const fileId = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
  const lexiconId = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const common: Record<string, unknown> = {
    '401': errorResponse('Missing or unknown API key'),
    '429': errorResponse('rate_limited: over the key\'s requests per second; see Retry-After'),
    '503': errorResponse('Redis unreachable; retry'),
  };

  const face = faceOpenApi({ pascal, json, ref, content, errorResponse, common });
  Object.assign(schemas, face.schemas);

  return {
    openapi: '3.1.0',
    info: {
      title: 'Content recognition service',
      version,
      description: `Tasks: ${TASK_NAMES.map((t) => `\`${t}\` — ${catalog[t].summary}`).join('; ')}.`,
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
      schemas,
    },
    security: [{ apiKey: [] }],
    paths: {
      '/v1/jobs': {
        get: {
          summary: "Call records: the caller's jobs, newest first, without content unless asked",
          parameters: [
            { name: 'task', in: 'query', schema: { type: 'string', enum: TASK_NAMES } },
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'canceled'] } },
            { name: 'from', in: 'query', schema: { type: 'string' }, description: 'created at or after (ISO time or epoch ms)' },
            { name: 'to', in: 'query', schema: { type: 'string' }, description: 'created before (ISO time or epoch ms)' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'nextCursor of the previous page' },
            { name: 'include', in: 'query', schema: { type: 'string', example: 'result,input' } },
          ],
          responses: {
            '200': {
              description: 'A page of jobs',
              content: content({ type: 'object', properties: { jobs: { type: 'array', items: ref('Job') }, nextCursor: { type: ['string', 'null'] } } }),
            },
            '400': errorResponse('invalid_request'),
            ...common,
          },
        },
        post: {
          summary: 'Submit a job',
          parameters: [
            {
              name: 'Prefer',
              in: 'header',
              schema: { type: 'string', example: 'wait=10' },
              description: 'wait=N (N ≤ 60): answer 200 with the finished job if it finishes within N seconds',
            },
          ],
          requestBody: { required: true, content: content({ oneOf: requests, discriminator: { propertyName: 'task' } }) },
          responses: {
            '200': { description: 'Finished within the Prefer: wait time', content: content(ref('Job')) },
            '202': { description: 'Accepted and queued', content: content(ref('Job')) },
            '400': errorResponse('Malformed request (invalid_request, invalid_json)'),
            '409': errorResponse('idempotency_key_reused'),
            '413': errorResponse('payload_too_large, media_too_large'),
            '415': errorResponse('unsupported_media (type sniffed from the bytes)'),
            '422': errorResponse('unknown_task, text_too_long, url_not_allowed, url_fetch_failed, invalid_base64, file_not_found'),
            ...common,
            '503': errorResponse('idempotency_key_pending: an identical request holds the key and has not written its job yet; see Retry-After (or service_unavailable)'),
          },
        },
      },
      '/v1/stats/availability': {
        get: {
          summary: "The caller's availability figure: (1 − Σ window error rate / windows) × 100, 5-minute windows",
          parameters: [
            { name: 'from', in: 'query', schema: { type: 'string' }, description: 'ISO time or epoch ms; default 24 h before `to`' },
            { name: 'to', in: 'query', schema: { type: 'string' }, description: 'ISO time or epoch ms; default now' },
            { name: 'series', in: 'query', schema: { type: 'boolean' }, description: 'include the per-window counts' },
          ],
          responses: {
            '200': {
              description: 'The figure',
              content: content({
                type: 'object',
                properties: {
                  availability: { type: 'number' },
                  from: { type: 'string' },
                  to: { type: 'string' },
                  windows: { type: 'integer' },
                  validRequests: { type: 'integer' },
                  failedRequests: { type: 'integer' },
                  series: { type: 'array', items: { type: 'object', properties: { start: { type: 'integer' }, valid: { type: 'integer' }, failed: { type: 'integer' } } } },
                },
              }),
            },
            '400': errorResponse('invalid_request'),
            ...common,
          },
        },
      },
      '/v1/jobs/{id}': {
        get: {
          summary: 'Get a job and its result',
          parameters: [jobId],
          responses: { '200': { description: 'The job', content: content(ref('Job')) }, '404': errorResponse('not_found'), ...common },
        },
        delete: {
          summary: 'Delete a job, its input and its result now',
          parameters: [jobId],
          responses: { '204': { description: 'Deleted' }, '404': errorResponse('not_found'), ...common },
        },
      },
      '/v1/jobs/{id}/cancel': {
        post: {
          summary: 'Cancel a queued or running job',
          parameters: [jobId],
          responses: {
            '202': { description: 'Canceled, or cancel sent to the running worker', content: content(ref('Job')) },
            '404': errorResponse('not_found'),
            '409': errorResponse('job_not_cancelable'),
            ...common,
          },
        },
      },
      '/v1/text/moderate': {
        post: {
          summary: `Moderate up to ${TEXT_SYNC_MAX_CHARS} characters synchronously`,
          requestBody: { required: true, content: content(ref('TextModerateInput')) },
          responses: {
            '200': {
              description: 'The moderation result, with the id of the job that produced it',
              content: content({ allOf: [ref('TextModerateResult'), { type: 'object', properties: { jobId: { type: 'string' } } }] }),
            },
            '202': { description: 'Not finished in time; poll the job', content: content(ref('Job')) },
            '400': errorResponse('invalid_request'),
            '422': errorResponse('text_too_long, text_empty or invalid_text'),
            ...common,
          },
        },
      },
      '/v1/text/thresholds': {
        get: {
          summary: "The tenant's review/block thresholds per category (defaults for those not set)",
          responses: { '200': { description: 'Thresholds', content: content(ref('ThresholdsBody')) }, ...common },
        },
        put: {
          summary: "Replace the tenant's thresholds; categories left out use the defaults",
          requestBody: { required: true, content: content(ref('ThresholdsBody')) },
          responses: { '200': { description: 'Thresholds', content: content(ref('ThresholdsBody')) }, '400': errorResponse('invalid_request'), ...common },
        },
      },
      ...face.paths,
      '/v1/lexicons': {
        get: {
          summary: "The tenant's deny and allow lists",
          responses: { '200': { description: 'Lexicons', content: content({ type: 'object', properties: { lexicons: { type: 'array', items: ref('Lexicon') } } }) }, ...common },
        },
        post: {
          summary: 'Create a deny or allow list; workers use it from the next job on',
          requestBody: { required: true, content: content(ref('CreateLexicon')) },
          responses: { '201': { description: 'Created', content: content(ref('Lexicon')) }, '400': errorResponse('invalid_request'), ...common },
        },
      },
      '/v1/lexicons/{id}': {
        get: {
          summary: 'One list with its terms',
          parameters: [lexiconId],
          responses: {
            '200': { description: 'The list', content: content({ allOf: [ref('Lexicon'), { type: 'object', properties: { terms: { type: 'array', items: { type: 'string' } } } }] }) },
            '404': errorResponse('not_found'),
            ...common,
          },
        },
        patch: {
          summary: 'Rename, re-weight, or add and remove terms',
          parameters: [lexiconId],
          requestBody: { required: true, content: content(ref('UpdateLexicon')) },
          responses: { '200': { description: 'Updated', content: content(ref('Lexicon')) }, '400': errorResponse('invalid_request'), '404': errorResponse('not_found'), ...common },
        },
        delete: {
          summary: 'Delete a list and its terms',
          parameters: [lexiconId],
          responses: { '204': { description: 'Deleted' }, '404': errorResponse('not_found'), ...common },
        },
      },
      '/v1/files': {
        post: {
          summary: 'Upload media (multipart/form-data, one part named "file"); use its id as { fileId } in job input',
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } } },
              },
            },
          },
          responses: {
            '201': { description: 'Stored until the retention period ends', content: content(ref('File')) },
            '400': errorResponse('invalid_request (not multipart, no file part)'),
            '413': errorResponse('media_too_large'),
            '415': errorResponse('unsupported_media'),
            ...common,
          },
        },
      },
      '/v1/files/{id}': {
        get: {
          summary: "A file's bytes (uploads and task outputs), to the tenant that owns it",
          parameters: [fileId],
          responses: { '200': { description: 'The bytes, with their sniffed Content-Type' }, '404': errorResponse('not_found'), ...common },
        },
        delete: {
          summary: 'Delete a file now',
          parameters: [fileId],
          responses: { '204': { description: 'Deleted' }, '404': errorResponse('not_found'), ...common },
        },
      },
      '/v1/webhook-secret': {
        get: {
          summary: "The tenant's webhook signing secret (Standard Webhooks, whsec_…)",
          responses: {
            '200': { description: 'The secret', content: content({ type: 'object', properties: { secret: { type: 'string' } } }) },
            ...common,
          },
        },
      },
      '/healthz': { get: { summary: 'Liveness', security: [], responses: { '200': { description: 'Up' } } } },
      '/readyz': {
        get: { summary: 'Readiness (Redis answers and at least one worker serves tasks)', security: [], responses: { '200': { description: 'Ready' }, '503': { description: 'Not ready' } } },
      },
    },
  };
}
