import type { Logger } from '@crs/core';

/**
 * Runs `pass` now and every `intervalMs`, never two at once (a tick while one
 * runs is skipped), logging a failure with `failure` and trying again at the
 * next tick. Returns a stop function that waits for a pass in progress.
 */
export function startPeriodic(pass: () => Promise<void>, intervalMs: number, logger: Logger, failure: string): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = pass()
      .catch((err: unknown) => logger.warn({ err: (err as Error).message }, failure))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
