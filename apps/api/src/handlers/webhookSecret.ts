import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';

/** `GET /v1/webhook-secret`: the tenant's Standard Webhooks signing secret. */
export const webhookSecret =
  (ctx: ApiContext): Handler =>
  async (req) => ({ status: 200, body: { secret: await ctx.secrets.getOrCreate(tenantOf(req)) } });
