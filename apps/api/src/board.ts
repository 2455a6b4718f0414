import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Router } from 'express';
import type { QueueRegistry } from '@crs/core';

export const BOARD_PATH = '/admin/queues';

/** Bull Board over every queue the service uses (task queues and webhooks). */
export function createBoardRouter(queues: QueueRegistry): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: queues.all().map((q) => new BullMQAdapter(q, { readOnlyMode: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Content recognition jobs' } },
  });
  return serverAdapter.getRouter() as Router;
}
