import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';
import type { QueueRegistry } from '@crs/core';

export const BOARD_PATH = '/admin/queues';
export const OPS_PATH = '/ops';

/**
 * Bull Board over every queue the service uses (task queues and webhooks).
 * Read-only mode hides retry, clean, promote and delete, for operators who
 * watch but must not change anything.
 */
export function createBoardRouter(queues: QueueRegistry, basePath = BOARD_PATH, readOnly = false): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: queues.all().map((q) => new BullMQAdapter(q, { readOnlyMode: readOnly })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Content recognition jobs' } },
  });
  return serverAdapter.getRouter() as Router;
}
