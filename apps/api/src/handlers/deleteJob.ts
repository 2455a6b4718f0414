import { NotFoundError } from '@crs/core';
import type { ApiContext } from '../context.js';
import { tenantOf, type Handler } from '../http/types.js';
import { deleteOwnedJob } from '../jobs/deleteOwnedJob.js';

/**
 * `DELETE /v1/jobs/:id`: the job, its input and its result are gone at once for
 * the caller, and nothing about it leaves the service once this answers. A job
 * running (or whose frames run) is canceled and purged by its worker when it stops.
 */
export const deleteJob =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const id = req.params.jobId!;
    if (!(await deleteOwnedJob(ctx, tenantOf(req), id))) throw new NotFoundError(`no job ${id}`);
    return { status: 204 };
  };
