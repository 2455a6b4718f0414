import { createLogger, TASK_NAMES } from '@crs/core';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { createWorkerHost } from '@crs/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPrefix, startStack, type Stack } from './helpers/stack.js';

describe('/readyz and the workers', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: false });
  });
  afterAll(async () => {
    await stack.close();
    await dropPrefix(stack.prefix);
  });
  const readyz = () => stack.call('GET', '/readyz', { key: null });

  it('answers 503 until a worker has announced its tasks, naming the tasks without one, and again after it stops', async () => {
    const before = await readyz();
    expect(before.status).toBe(503);
    expect(before.body).toMatchObject({ status: 'not_ready', checks: { redis: 'ok', workers: 'none' } });
    expect(before.body.tasksWithoutWorker).toEqual(TASK_NAMES);

    const text = createTextModerationPlugin();
    const host = await createWorkerHost({ config: stack.config, logger: createLogger('test', 'silent'), plugins: [text], webhooks: false });
    const during = await readyz();
    expect(during.status).toBe(200);
    expect(during.body).toMatchObject({ status: 'ready', checks: { redis: 'ok', workers: 'ok' } });
    expect(text.tasks).toContain('text.moderate');
    expect(during.body.tasksWithoutWorker).toEqual(TASK_NAMES.filter((t) => !text.tasks.includes(t)));

    await host.close();
    expect((await readyz()).status).toBe(503);
  });
});
