import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import {
  AppError,
  catalog,
  ClassifierStore,
  createLogger,
  createRedis,
  EXAMPLES_CONTENT_TYPE,
  FaceLibrary,
  FsBlobStore,
  loadConfig,
  locateFfmpeg,
  parseTaskInput,
  redisKeys,
  type ChildResult,
  type JobContext,
  type TaskName,
  type TaskPlugin,
} from '@crs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImageClassifierPlugin } from '@crs/plugin-image-classifier';
import { KNOWN_PLUGINS, loadPlugins } from '../src/plugins/registry.js';

/**
 * The contract every installed plugin passes: it loads, its tasks are in the
 * catalog, good input yields output that matches the catalog's output schema,
 * bad input never reaches it (the catalog refuses it first), and an aborted
 * signal stops it.
 */
const imageId = randomUUID();
const videoId = randomUUID();
const audioId = randomUUID();
const faceId = randomUUID();
const FACE_PHOTO = path.resolve(import.meta.dirname, '../../../plugins/face/testdata/faces/live-T1.jpg');
const library = { collection: 'contract', subject: 'someone' };
/** A tenant classifier waiting for its training, with real labelled examples (tests/e2e/test/fixtures/classifier: SWSR, MIT). */
const EXAMPLES = path.resolve(import.meta.dirname, '../../../tests/e2e/test/fixtures/classifier/swsr-sexism.jsonl');
const classifier = { name: 'contract', id: `clf_${randomUUID().replaceAll('-', '')}` };
const GOOD_INPUT: Record<TaskName, unknown> = {
  'text.moderate': { text: '这是一段正常的文本，加微信有惊喜' },
  'image.moderate': { image: { fileId: imageId } },
  'video.moderate': { video: { fileId: videoId } },
  'image.ocr': { image: { fileId: imageId } },
  'audio.moderate': { audio: { fileId: audioId } },
  'audio.transcribe': { audio: { fileId: audioId }, segments: [{ startMs: 0, endMs: 1_000 }] },
  'image.inpaint': { image: { fileId: imageId }, regions: [{ type: 'rect', x: 100, y: 80, width: 30, height: 20 }] },
  'image.restore': { image: { fileId: imageId }, scale: 2 },
  'face.detect': { image: { fileId: faceId } },
  'face.embed': { image: { fileId: faceId } },
  'face.compare': { image: { fileId: faceId }, image2: { fileId: faceId } },
  'face.search': { image: { fileId: faceId }, collection: library.collection },
  'face.liveness': { image: { fileId: faceId } },
  'face.enroll': { image: { fileId: faceId }, ...library },
  'text.classifier.train': classifier,
  'face.watch': { image: { fileId: faceId }, watchlists: [library.collection] },
};
const BAD_INPUT: Record<TaskName, unknown> = {
  'text.moderate': { text: 17 },
  'image.moderate': { image: { path: '/etc/passwd' } },
  'video.moderate': { video: { fileId: videoId }, sampling: { mode: 'interval', seconds: 0 } },
  'image.ocr': { image: { fileId: imageId }, engine: 'cuneiform' },
  'audio.moderate': { audio: { url: 42 } },
  'audio.transcribe': { audio: { fileId: audioId }, segments: [{ startMs: 500, endMs: 500 }] },
  'image.inpaint': { image: { fileId: imageId } },
  'image.restore': { image: { fileId: imageId }, scale: 3 },
  'face.detect': { image: { fileId: faceId }, maxFaces: 0 },
  'face.embed': { image: 'me.jpg' },
  'face.compare': { image: { fileId: faceId } },
  'face.search': { image: { fileId: faceId }, collection: 'no spaces allowed' },
  'face.liveness': { image: { fileId: faceId }, threshold: 2 },
  'face.enroll': { image: { fileId: faceId }, collection: library.collection },
  'text.classifier.train': { name: 'Not A Name', id: classifier.id },
  'face.watch': { image: { fileId: faceId }, watchlists: [] },
};

const logger = createLogger('contract', 'silent');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-contract-'));
// Models come from models/ at the repository root (the default MODELS_DIR).
// Speech to text from the distribution's pocketsphinx, which .ci/run installs.
const config = loadConfig({ REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: 'crs-contract-test', DATA_DIR: dataDir, ASR_ENGINE: 'pocketsphinx' });
const redis = createRedis(config.redis);
const blobs = new FsBlobStore(config.blobs.dir);
const local = { has: () => false, run: () => Promise.reject(new Error('no local tasks')) };
/** Plugins that serve the tasks others fan out to (a video's frames go to image.moderate). */
const helpers = new Map<string, TaskPlugin>();
beforeAll(async () => {
  const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#8090a0' } }).png().toBuffer();
  await blobs.put({ id: imageId, tenant: 'contract', size: png.length, contentType: 'image/png', sha256: '', createdAt: Date.now() }, png);
  const mp4 = path.join(dataDir, 'clip.mp4');
  execFileSync(locateFfmpeg()!.ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-t', '3', '-pix_fmt', 'yuv420p', mp4]);
  const video = fs.readFileSync(mp4);
  await blobs.put({ id: videoId, tenant: 'contract', size: video.length, contentType: 'video/mp4', sha256: '', createdAt: Date.now() }, video);
  const wav = path.join(dataDir, 'tone.wav');
  execFileSync(locateFfmpeg()!.ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=2', '-ar', '16000', wav]);
  const audio = fs.readFileSync(wav);
  await blobs.put({ id: audioId, tenant: 'contract', size: audio.length, contentType: 'audio/wav', sha256: '', createdAt: Date.now() }, audio);
  const photo = fs.readFileSync(FACE_PHOTO);
  await blobs.put({ id: faceId, tenant: 'contract', size: photo.length, contentType: 'image/jpeg', sha256: '', createdAt: Date.now() }, photo);
  const faces = new FaceLibrary(redis, redisKeys(config.redis.prefix));
  await faces.deleteCollection('contract', library.collection).catch(() => undefined);
  // A watchlist, so face.watch has one to check.
  await faces.createCollection('contract', { id: library.collection, retainImages: false, moderation: { category: 'politics', level: 'block' } });
  await faces.createSubject('contract', library.collection, { id: library.subject });
  const examples = fs.readFileSync(EXAMPLES);
  const examplesFile = randomUUID();
  await blobs.put({ id: examplesFile, tenant: 'contract', size: examples.length, contentType: EXAMPLES_CONTENT_TYPE, sha256: '', createdAt: Date.now() }, examples);
  const classifiers = new ClassifierStore(redis, redisKeys(config.redis.prefix));
  await classifiers.delete('contract', classifier.name).catch(() => undefined);
  const at = new Date().toISOString();
  await classifiers.create('contract', {
    ...classifier,
    category: 'custom',
    status: 'queued',
    progress: 0,
    examples: 400,
    jobId: 'contract',
    createdAt: at,
    updatedAt: at,
    figures: null,
    error: null,
    examplesFile,
  });
  // Its own instance: the image plugin's contract run closes the shared one.
  const image = createImageClassifierPlugin();
  await image.init({ logger, modelsDir: config.modelsDir, config, redis, blobs });
  helpers.set('image.moderate', image);
}, 60_000);
afterAll(async () => {
  await new FaceLibrary(redis, redisKeys(config.redis.prefix)).deleteCollection('contract', library.collection).catch(() => undefined);
  await new ClassifierStore(redis, redisKeys(config.redis.prefix)).delete('contract', classifier.name).catch(() => undefined);
  for (const helper of helpers.values()) await helper.close();
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
  async storeMedia(bytes, contentType) {
    const id = randomUUID();
    await blobs.put({ id, tenant: 'contract', size: bytes.length, contentType, sha256: '', createdAt: Date.now() }, bytes);
    return id;
  },
  fanOut: (task, inputs, state) => Promise.reject(new Suspended(task, inputs, state)),
  resumed: null,
});

/** What the worker's fanOut does, in-process: stop the run, run the children, run again with their results. */
class Suspended extends Error {
  constructor(
    readonly task: string,
    readonly inputs: unknown[],
    readonly state: unknown,
  ) {
    super('suspended for children');
  }
}

async function runTask(plugin: TaskPlugin, task: TaskName, input: unknown, signal: AbortSignal): Promise<unknown> {
  try {
    return await plugin.process(task, input, jobContext(signal));
  } catch (err) {
    if (!(err instanceof Suspended)) throw err;
    const child = helpers.get(err.task);
    if (!child) throw new Error(`no plugin in the contract test serves ${err.task}`);
    const results: ChildResult[] = [];
    for (const childInput of err.inputs) {
      const value = await child.process(err.task as TaskName, parseTaskInput(err.task as TaskName, childInput), jobContext(signal));
      results.push({ ok: true, value });
    }
    return plugin.process(task, input, { ...jobContext(signal), resumed: { state: err.state, results } });
  }
}

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
      const output = await runTask(plugin!, task, input, new AbortController().signal);
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
