import { DEFAULT_THRESHOLD, MODERATION_CATEGORIES, parseWith, thresholdsBodySchema, type Thresholds } from '@crs/core';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';

/** Every category's thresholds as they apply, the tenant's own over the defaults. */
function effective(own: Thresholds) {
  return Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, own[c] ?? DEFAULT_THRESHOLD]));
}

/** `GET /v1/text/thresholds` */
export const getThresholds =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const own = await ctx.textPolicy.thresholds(tenantOf(req));
    return { status: 200, body: { thresholds: effective(own), custom: own } };
  };

/** `PUT /v1/text/thresholds`: replaces the tenant's thresholds; categories left out use the defaults. */
export const putThresholds =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const { thresholds } = parseWith(thresholdsBodySchema, req.body ?? {}, 'body');
    await ctx.textPolicy.setThresholds(tenantOf(req), thresholds);
    return { status: 200, body: { thresholds: effective(thresholds), custom: thresholds } };
  };
