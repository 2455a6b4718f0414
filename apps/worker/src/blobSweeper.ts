import type { BlobStore, Logger } from '@crs/core';

/**
 * Deletes media older than the retention period. Every worker process runs one;
 * sweeps are idempotent, so several at once only repeat each other's work.
 * Returns a stop function.
 */
export function startBlobSweeper(blobs: BlobStore, retentionSeconds: number, logger: Logger): () => void {
  const intervalMs = Math.min(10 * 60_000, Math.max(5_000, (retentionSeconds * 1000) / 10));
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const removed = await blobs.sweep(Date.now() - retentionSeconds * 1000);
      if (removed) logger.info({ removed }, 'expired media deleted');
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'media sweep failed; retrying at the next interval');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  void sweep();
  return () => clearInterval(timer);
}
