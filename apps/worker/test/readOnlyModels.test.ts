import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_MODELS_DIR, createLogger, loadConfig } from '@crs/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerHost, loadPlugins, type WorkerHost } from '../src/index.js';

/** Every entry under `dir` with its size and modification time: what a write anywhere would change. */
function snapshot(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => {
      const full = path.join(e.parentPath, e.name);
      const s = fs.lstatSync(full);
      return `${path.relative(dir, full)} ${e.isDirectory() ? 'dir' : s.size} ${s.mtimeMs}`;
    })
    .sort();
}

function chmodTree(dir: string, fileMode: number, dirMode: number): void {
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    fs.chmodSync(path.join(e.parentPath, e.name), e.isDirectory() ? dirMode : fileMode);
  }
  fs.chmodSync(dir, dirMode);
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-ro-models-'));
const modelsDir = path.join(root, 'models');
let host: WorkerHost | undefined;

afterAll(async () => {
  await host?.close({ force: true });
  chmodTree(modelsDir, 0o644, 0o755);
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a worker with every plugin on a read-only models directory', () => {
  it('starts, serves the model tasks, and writes nothing into the models directory', async () => {
    fs.cpSync(BUNDLED_MODELS_DIR, modelsDir, { recursive: true });
    chmodTree(modelsDir, 0o444, 0o555);
    // Tests may run as root, where the modes stop nothing: the listing proves it either way.
    const before = snapshot(modelsDir);
    const config = loadConfig({
      REDIS_URL: process.env.REDIS_URL,
      REDIS_PREFIX: 'crs-ro-models-test',
      DATA_DIR: path.join(root, 'data'),
      MODELS_DIR: modelsDir,
      METRICS_PORT: '0',
      // Both OCR engines: tesseract links its language files, the image classifier converts nsfwjs.
      OCR_ENGINES: 'paddle,tesseract',
      ASR_ENGINE: 'none',
    });
    host = await createWorkerHost({ config, logger: createLogger('test', 'silent'), plugins: await loadPlugins(config.worker.plugins), webhooks: false });
    expect(host.tasks).toEqual(expect.arrayContaining(['image.moderate', 'image.ocr', 'face.detect', 'face.liveness', 'audio.moderate']));
    expect(snapshot(modelsDir)).toEqual(before);
    // What the plugins derived went to the cache directory instead.
    expect(fs.existsSync(path.join(config.cacheDir, 'nsfw/nsfwjs_mobilenet_v2.onnx'))).toBe(true);
    expect(fs.readdirSync(path.join(config.cacheDir, 'tesseract')).sort()).toEqual(['chi_sim.traineddata.gz', 'eng.traineddata.gz']);
  }, 180_000);
});
