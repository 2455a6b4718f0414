// Makes the README's before/after pair (docs/restore-before.png, docs/restore-after.jpg) through the
// image.restore handler the worker runs: a 120×90 crop of a repository photo, restored 4× with the defaults.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createLogger, FsBlobStore, loadConfig, parseTaskInput } from '@crs/core';
import { createRestorationPlugin } from '../dist/index.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PHOTO = path.join(ROOT, 'plugins/face/testdata/faces/group-or-portrait-4.jpg');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-restore-example-'));
const config = loadConfig({ ...process.env, DATA_DIR: dir });
const blobs = new FsBlobStore(path.join(dir, 'blobs'));
const logger = createLogger('example', 'silent');
const plugin = createRestorationPlugin();
await plugin.init({ logger, modelsDir: config.modelsDir, config, redis: undefined, blobs });

const put = async (bytes, contentType) => {
  const id = randomUUID();
  await blobs.put({ id, tenant: 'docs', size: bytes.length, contentType, sha256: '', createdAt: Date.now() }, bytes);
  return id;
};
const before = await sharp(PHOTO).extract({ left: 185, top: 100, width: 120, height: 90 }).png().toBuffer();
const input = parseTaskInput('image.restore', { image: { fileId: await put(before, 'image/png') }, scale: 4, format: 'jpeg' });
const out = await plugin.process('image.restore', input, {
  jobId: 'docs',
  tenant: 'docs',
  logger,
  signal: new AbortController().signal,
  progress: async () => undefined,
  modelsDir: config.modelsDir,
  blobs,
  local: { has: () => false, run: () => Promise.reject(new Error('none')) },
  storeMedia: put,
  fanOut: () => Promise.reject(new Error('none')),
  resumed: null,
});
const after = (await blobs.get('docs', out.fileId)).bytes;
fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'docs/restore-before.png'), before);
fs.writeFileSync(path.join(ROOT, 'docs/restore-after.jpg'), after);
console.log(`docs/restore-before.png 120×90 → docs/restore-after.jpg ${out.width}×${out.height} (${out.model}, ${out.tiles} tiles)`);
await plugin.close();
fs.rmSync(dir, { recursive: true, force: true });
