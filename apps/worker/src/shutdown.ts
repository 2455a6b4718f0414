import type { Logger } from '@crs/core';
import type { WorkerHost } from './createWorkerHost.js';

export interface ShutdownOptions {
  logger: Logger;
  /** How long active jobs get to finish before the worker closes hard. */
  timeoutMs: number;
  exit?: (code: number) => void;
}

/**
 * SIGTERM/SIGINT: stop taking jobs, let active ones finish, then exit 0. Past
 * the deadline the worker closes hard; the unfinished jobs' locks lapse and
 * another worker picks them up, so nothing is lost either way.
 */
export function installGracefulShutdown(host: WorkerHost, options: ShutdownOptions): void {
  const { logger, timeoutMs, exit = (code) => process.exit(code) } = options;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new jobs, waiting for active ones');
    const deadline = setTimeout(() => {
      logger.warn('active jobs did not finish in time; closing hard');
      host.close({ force: true }).finally(() => exit(1));
    }, timeoutMs);
    host
      .close()
      .then(() => {
        clearTimeout(deadline);
        logger.info('worker stopped');
        exit(0);
      })
      .catch((err) => {
        logger.error({ err: (err as Error).message }, 'error during shutdown');
        exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
