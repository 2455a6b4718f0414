import { randomUUID } from 'node:crypto';
import type { BlobStore } from '../blobs/blobStore.js';
import type { Logger } from '../logger.js';
import type { JobContext } from '../plugin.js';

/**
 * A job context for running one plugin on its own in a test: no other plugin in the process, no child jobs and
 * no stored outputs, so a call to any of those fails the test loudly instead of passing by accident.
 */
export function standaloneJobContext(deps: { tenant: string; logger: Logger; modelsDir: string; blobs: BlobStore }): JobContext {
  const notHere = (what: string) => () => Promise.reject(new Error(`${what} is not available to a plugin run on its own`));
  return {
    jobId: randomUUID(),
    tenant: deps.tenant,
    logger: deps.logger,
    signal: new AbortController().signal,
    progress: async () => undefined,
    modelsDir: deps.modelsDir,
    blobs: deps.blobs,
    local: { has: () => false, run: notHere('another plugin') },
    storeMedia: notHere('storing media'),
    fanOut: notHere('queuing child jobs'),
    resumed: null,
  };
}
