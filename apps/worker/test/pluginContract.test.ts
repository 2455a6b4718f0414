import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { AppError, catalog, createLogger, createRedis, FsBlobStore, loadConfig, parseTaskInput, type JobContext, type TaskName } from '@crs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_PLUGINS, loadPlugins } from '../src/plugins/registry.js';

/**
 * The contract every installed plugin passes: it loads, its tasks are in the
 * catalog, good input yields output that matches the catalog's output schema,
 * bad input never reaches it (the catalog refuses it first), and an aborted
 * signal stops it.
 */
const imageId = randomUUID();
const GOOD_INPUT: Record<TaskName, unknown> = {
  'text.moderate': { text: '这是一段正常的文本，加微信有惊喜' },
  'image.moderate': { image: { fileId: imageId } },
};
const BAD_INPUT: Record<TaskName, unknown> = {
  'text.moderate': { text: 17 },
  'image.moderate': { image: { path: '/etc/passwd' } },
};

const logger = createLogger('contract', 'silent');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-contract-'));
const config = loadConfig({ REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: 'crs-contract-test', DATA_DIR: dataDir });
const redis = createRedis(config.redis.url);
const blobs = new FsBlobStore(config.blobs.dir);
const local = { has: () => false, run: () => Promise.reject(new Error('no local tasks')) };
beforeAll(async () => {
  const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#8090a0' } }).png().toBuffer();
  await blobs.put({ id: imageId, tenant: 'contract', size: png.length, contentType: 'image/png', sha256: '', createdAt: Date.now() }, png);
});
afterAll(async () => {
  await redis.quit();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
const jobContext = (signal: AbortSignal): JobContext => ({
  jobId: 'contract',
  tenant: 'contract',
  logger,
  signal,
  progress: async () => undefined,
  modelsDir: config.modelsDir,
  blobs,
  local,
});

describe.each(Object.keys(KNOWN_PLUGINS))('plugin contract: %s', async (name) => {
  const [plugin] = await loadPlugins([name]);

  it('loads and claims only catalog tasks', async () => {
    expect(plugin!.name).toBe(name);
    for (const task of plugin!.tasks) expect(catalog).toHaveProperty(task);
    await plugin!.init({ logger, modelsDir: config.modelsDir, config, redis, blobs });
  });

  it('returns output matching the catalog schema for good input', async () => {
    for (const task of plugin!.tasks) {
      const input = parseTaskInput(task, GOOD_INPUT[task]);
      const output = await plugin!.process(task, input, jobContext(new AbortController().signal));
      expect(() => catalog[task].output.parse(output)).not.toThrow();
    }
  });

  it('has bad input refused by the catalog before it is called', () => {
    for (const task of plugin!.tasks) expect(() => parseTaskInput(task, BAD_INPUT[task])).toThrow(AppError);
  });

  it('stops when its signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    for (const task of plugin!.tasks) {
      await expect(plugin!.process(task, parseTaskInput(task, GOOD_INPUT[task]), jobContext(controller.signal))).rejects.toThrow('stop');
    }
    await plugin!.close();
  });
});
