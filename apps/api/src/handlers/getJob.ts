import { NotFoundError } from '@crs/core';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';
import { currentView } from '../jobs/currentView.js';
import { withUrls } from '../jobs/jobUrls.js';

export const getJob =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const view = await currentView(ctx, req.params.jobId!, tenantOf(req));
    if (!view) throw new NotFoundError(`no job ${req.params.jobId}`);
    return { status: 200, body: withUrls(view) };
  };
