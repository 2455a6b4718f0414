import type { JobView } from '@crs/core';

/** Links a client can follow from a job, relative to the API root. */
export function withUrls(view: JobView) {
  return {
    ...view,
    urls: { self: `/v1/jobs/${view.id}`, cancel: `/v1/jobs/${view.id}/cancel` },
  };
}
