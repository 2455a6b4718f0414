import { z } from 'zod';
import { catalog, TASK_NAMES, webhookSubscriptionSchema } from '@crs/core';
import { routes as allRoutes } from '../routes.js';
import type { Route } from '../registry/route.js';
import { compactResultSchema, jobSchema, namedSchemas, pascal } from '../registry/schemas.js';
import { errorCodesByStatus } from './errorCodes.js';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (schema: unknown) => ({ 'application/json': { schema } });

/** zod's JSON Schema, without the per-document `$schema` key that does not belong inside OpenAPI. */
function toJson(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/**
 * The OpenAPI 3.1 document, derived from the route registry and the job
 * catalog alone: paths, parameters, bodies, answers and error codes.
 */
export function buildOpenApi(version: string, routes: Route[] = allRoutes) {
  const named = namedSchemas();
  const schemas: Record<string, unknown> = {};
  const schemaFor = (schema: z.ZodType, io: 'input' | 'output'): unknown => {
    if (schema === jobSchema) return ref('Job');
    const name = named.get(schema);
    if (!name) return toJson(schema, io);
    schemas[name] ??= toJson(schema, io);
    return ref(name);
  };

  // Every task's input, result, request and job, so results are typed per task.
  for (const task of TASK_NAMES) {
    const name = pascal(task);
    schemaFor(catalog[task].input, 'input');
    schemaFor(catalog[task].output, 'output');
    schemas[`${name}Request`] = {
      type: 'object',
      required: ['task', 'input'],
      additionalProperties: false,
      properties: {
        task: { const: task },
        input: ref(`${name}Input`),
        webhook: schemaFor(webhookSubscriptionSchema, 'input'),
        idempotencyKey: { type: 'string', minLength: 1, maxLength: 255 },
      },
    };
    schemas[`${name}Job`] = {
      allOf: [
        ref('JobCommon'),
        {
          type: 'object',
          properties: {
            task: { const: task },
            // A compact call record keeps only the verdict and labels of the result.
            result: { anyOf: [ref(`${name}Result`), ref('CompactResult'), { type: 'null' }] },
          },
        },
      ],
    };
  }
  schemas.JobCommon = toJson(jobSchema, 'output');
  schemas.CompactResult = toJson(compactResultSchema, 'output');
  schemas.Job = {
    oneOf: TASK_NAMES.map((t) => ref(`${pascal(t)}Job`)),
    discriminator: { propertyName: 'task', mapping: Object.fromEntries(TASK_NAMES.map((t) => [t, `#/components/schemas/${pascal(t)}Job`])) },
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const openPath = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: Json[] = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (route.query) {
      const query = toJson(route.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
      }
    }
    for (const header of route.headers ?? []) parameters.push({ name: header.name, in: 'header', description: header.description, schema: { type: 'string' } });

    const responses: Record<string, unknown> = {};
    for (const [status, answer] of Object.entries(route.responses)) {
      if (!answer) continue;
      const content = answer.schema ? jsonContent(schemaFor(answer.schema, 'output')) : answer.contentType ? { [answer.contentType]: {} } : undefined;
      responses[status] = { description: answer.description, ...(content ? { content } : {}) };
    }
    for (const [status, codes] of errorCodesByStatus(route)) {
      if (responses[status]) continue;
      responses[status] = {
        description: codes.join(', '),
        content: jsonContent({
          allOf: [ref('Error'), { type: 'object', properties: { error: { type: 'object', properties: { code: { enum: codes } } } } }],
        }),
      };
    }

    const requestBody = route.upload
      ? {
          required: true,
          content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } } } } },
        }
      : route.documentedBody || route.body
        ? { required: true, content: jsonContent(route.documentedBody ?? schemaFor(route.body!, 'input')) }
        : undefined;

    paths[openPath] ??= {};
    paths[openPath][route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth ? {} : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }

  schemas.Error = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', description: 'Stable: clients branch on it' },
          message: { type: 'string', description: 'What to fix, in words' },
          requestId: { type: 'string', description: 'The X-Request-Id of this answer, as logged' },
          details: { type: 'object' },
        },
      },
      jobId: { type: 'string', description: 'On synchronous routes: the job that failed' },
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Content recognition service',
      version,
      description: `Tasks: ${TASK_NAMES.map((t) => `\`${t}\` — ${catalog[t].summary}`).join('; ')}.`,
    },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } }, schemas },
    security: [{ apiKey: [] }],
    paths,
  };
}
