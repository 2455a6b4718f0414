import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@crs/core';
import { FinishListener } from '../src/jobs/finishListener.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('FinishListener: the API process reads only the finishes of its own calls', () => {
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  const opened: { close(): unknown }[] = [];
  afterEach(async () => {
    for (const c of opened.splice(0)) await c.close();
  });

  const start = async (isFinished: (id: string) => Promise<boolean> = async () => false) => {
    const subscriber = new Redis(REDIS_URL);
    const publisher = new Redis(REDIS_URL);
    const listener = new FinishListener(subscriber, (instance) => `${prefix}:finish:${instance}`, isFinished, createLogger('api', 'silent'));
    await listener.start();
    opened.push(listener, { close: () => publisher.quit() });
    return { listener, publisher, subscriber };
  };

  it('settles a watch with the result published on its channel, and nothing else', async () => {
    const { listener, publisher } = await start();
    const a = listener.watch('text.moderate', 'job-a');
    const b = listener.watch('text.moderate', 'job-b');
    // Another process's channel, a message that is no notice, and a notice for a job nobody watches.
    await publisher.publish(`${prefix}:finish:someone-else`, JSON.stringify({ id: 'job-a', completed: true, result: { verdict: 'block' } }));
    await publisher.publish(listener.channel!, 'not json');
    await publisher.publish(listener.channel!, JSON.stringify({ id: 'job-z', completed: true, result: 1 }));
    await publisher.publish(listener.channel!, JSON.stringify({ id: 'job-a', completed: true, result: { verdict: 'pass' } }));
    await publisher.publish(listener.channel!, JSON.stringify({ id: 'job-b', completed: false }));
    expect(await a.within(5_000)).toEqual({ completed: true, result: { verdict: 'pass' } });
    expect(await b.within(5_000)).toEqual({ completed: false });
    a.stop();
    b.stop();
    expect(listener.waiting).toBe(0);
  });

  it('times out to null when no notice comes', async () => {
    const { listener } = await start();
    const watch = listener.watch('text.moderate', 'job-late');
    expect(await watch.within(150)).toBeNull();
    watch.stop();
  });

  it('reads the state of every job it still waits on after its subscription was lost, since notices sent meanwhile are gone', async () => {
    const asked: string[] = [];
    const { listener, publisher, subscriber } = await start(async (id) => (asked.push(id), id === 'job-done'));
    const done = listener.watch('text.moderate', 'job-done');
    const running = listener.watch('text.moderate', 'job-running');
    // Drop the connection; ioredis reconnects and subscribes again by itself.
    subscriber.disconnect(true);
    expect(await done.within(10_000)).toEqual({ completed: false });
    expect(asked.sort()).toEqual(['job-done', 'job-running']);
    // The one still running hears its notice on the renewed subscription.
    await publisher.publish(listener.channel!, JSON.stringify({ id: 'job-running', completed: true, result: 'ok' }));
    expect(await running.within(5_000)).toEqual({ completed: true, result: 'ok' });
    done.stop();
    running.stop();
  });
});
