import { z } from 'zod';
import {
  categorySchema,
  exportLine,
  InvalidRequestError,
  parseWith,
  REVIEWABLE_TASKS,
  reviewSettingsSchema,
  reviewStatusSchema,
  type ReviewCursor,
} from '@crs/core';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';

export const listReviewsQuerySchema = z.object({
  status: reviewStatusSchema.default('pending'),
  task: z.enum(REVIEWABLE_TASKS).optional(),
  /** Items flagged in this category (and, once decided, those the reviewer put in it). */
  category: categorySchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export const exportReviewsQuerySchema = z.object({
  format: z.enum(['jsonl']).default('jsonl'),
  task: z.enum(REVIEWABLE_TASKS).optional(),
});

function decodeCursor(raw: string): ReviewCursor {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  const score = text.slice(0, bar);
  if (bar <= 0 || bar === text.length - 1 || !/^\d+$/.test(score)) throw new InvalidRequestError('query.cursor is not one this API returned');
  return { score: Number(score), id: text.slice(bar + 1) };
}

const encodeCursor = (c: ReviewCursor) => Buffer.from(`${c.score}|${c.id}`).toString('base64url');

/** `GET /v1/reviews`: the tenant's review items in one status, newest first. */
export const listReviews =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const q = parseWith(listReviewsQuerySchema, req.query, 'query');
    const page = await ctx.reviews.page(tenantOf(req), {
      status: q.status,
      count: q.limit,
      ...(q.task ? { task: q.task } : {}),
      ...(q.category ? { category: q.category } : {}),
      ...(q.cursor ? { cursor: decodeCursor(q.cursor) } : {}),
    });
    return { status: 200, body: { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null } };
  };

/** `GET /v1/reviews/summary`: counts for the queue's badges. */
export const reviewSummary =
  (ctx: ApiContext): Handler =>
  async (req) => ({ status: 200, body: await ctx.reviews.summary(tenantOf(req)) });

/**
 * `GET /v1/reviews/export?format=jsonl`: every decided item as labelled data, one JSON object a line,
 * streamed (a tenant's decisions over the retention period may be many).
 */
export const exportReviews =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const q = parseWith(exportReviewsQuerySchema, req.query, 'query');
    const tenant = tenantOf(req);
    async function* lines(): AsyncGenerator<string> {
      for await (const item of ctx.reviews.decided(tenant)) {
        const line = !q.task || item.task === q.task ? exportLine(item) : null;
        if (line) yield `${JSON.stringify(line)}\n`;
      }
    }
    return {
      status: 200,
      headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Content-Disposition': 'attachment; filename="reviews.jsonl"' },
      stream: lines(),
    };
  };

/** `GET /v1/reviews/settings` */
export const getReviewSettings =
  (ctx: ApiContext): Handler =>
  async (req) => ({ status: 200, body: await ctx.reviews.settings(tenantOf(req)) });

/** `PUT /v1/reviews/settings`: applies to jobs that finish from now on. */
export const putReviewSettings =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const settings = parseWith(reviewSettingsSchema, req.body ?? {}, 'body');
    await ctx.reviews.setSettings(tenantOf(req), settings);
    return { status: 200, body: settings };
  };
