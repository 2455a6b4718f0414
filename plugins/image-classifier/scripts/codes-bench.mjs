// What the QR-code and barcode check adds to image.moderate: per image, the p50 latency of the
// whole task with the check off (`codes: false`, the baseline) and on, in the same run, one job at
// a time, alternating so both see the same machine; and the decoder thread's own time on the 512 px
// frame. Images: a real photo (testdata/photos), the photo with a QR code (large, small, turned)
// or a barcode pasted on, and the generated test images. Needs no Redis or network.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bwipjs from 'bwip-js';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { createLogger, FsBlobStore, loadConfig, parseTaskInput } from '@crs/core';
import { prepareImage } from '@crs/core/image';
import { CodeReader, createImageClassifierPlugin } from '../dist/index.js';
import { testImages } from '../testdata/images.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-codebench-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, MODELS_DIR: process.env.MODELS_DIR ?? path.join(dataDir, 'models'), LOG_LEVEL: 'silent' });
const logger = createLogger('bench', 'silent');
const blobs = new FsBlobStore(config.blobs.dir);

const photo = fs.readFileSync(new URL('../testdata/photos/group.jpg', import.meta.url));
const qr = async (text, side, angle = 0) => {
  const code = await QRCode.toBuffer(text, { margin: 2, width: side });
  return angle ? sharp(code).rotate(angle, { background: '#ffffff' }).png().toBuffer() : code;
};
const pasted = async (input, left, top) => sharp(photo).composite([{ input, left, top }]).jpeg({ quality: 88 }).toBuffer();
const images = [
  { name: 'photo 1024×768', bytes: photo, code: false },
  { name: 'photo 512×384', bytes: await sharp(photo).resize(512).jpeg().toBuffer(), code: false },
  { name: 'photo + QR 200 px', bytes: await pasted(await qr('https://u.wechat.com/kFp3kLx9', 200), 600, 300), code: true },
  { name: 'photo + QR 80 px', bytes: await pasted(await qr('https://t.cn/A6abcdEf', 80), 640, 320), code: true },
  { name: 'photo + QR 150 px at 30°', bytes: await pasted(await qr('wxid_sale888', 150, 30), 560, 280), code: true },
  {
    name: 'photo + Code 128',
    bytes: await pasted(await bwipjs.toBuffer({ bcid: 'code128', text: 'QQ 123456789', scale: 3, height: 12, paddingwidth: 10, paddingheight: 10, backgroundcolor: 'ffffff' }), 420, 520),
    code: true,
  },
  ...(await testImages()).map((i) => ({ ...i, name: `generated: ${i.name}`, code: false })),
];
for (const image of images) {
  image.id = randomUUID();
  await blobs.put({ id: image.id, tenant: 'bench', size: image.bytes.length, contentType: 'image/*', sha256: '', createdAt: Date.now() }, image.bytes);
}

const plugin = createImageClassifierPlugin();
await plugin.init({ logger, modelsDir: config.modelsDir, config, redis: null, blobs });
const ctx = () => ({
  jobId: randomUUID(),
  tenant: 'bench',
  logger,
  signal: new AbortController().signal,
  progress: async () => undefined,
  modelsDir: config.modelsDir,
  blobs,
  local: { has: () => false, run: async () => undefined },
  storeMedia: () => Promise.reject(new Error('not used')),
  fanOut: () => Promise.reject(new Error('not used')),
  resumed: null,
});
const moderate = (id, codes) => plugin.process('image.moderate', parseTaskInput('image.moderate', { image: { fileId: id }, codes }), ctx());
const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const reader = new CodeReader();

const rows = [];
for (const image of images) {
  const found = (await moderate(image.id, true)).codes;
  await moderate(image.id, false);
  const off = [];
  const on = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    await moderate(image.id, false);
    off.push(performance.now() - t);
    t = performance.now();
    await moderate(image.id, true);
    on.push(performance.now() - t);
  }
  // The decoder alone on the frame the task reads first (the contract's 512 px size).
  const frame = (await prepareImage(image.bytes, { maxPixels: 40e6, maxFrames: 1 }, { modelSide: 224 })).frames[0];
  await reader.read(frame.data, frame.width, frame.height);
  const decode = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await reader.read(frame.data, frame.width, frame.height);
    decode.push(performance.now() - t);
  }
  rows.push({ image, found, off: p50(off), on: p50(on), decode: p50(decode), frame: `${frame.width}×${frame.height}` });
}
await reader.close();
await plugin.close();

const fmt = (n) => n.toFixed(1).padStart(8);
console.log(`image.moderate with and without the code check, ${os.cpus().length} cores, p50 of ${ROUNDS} runs each, one job at a time`);
console.log('image                          frame       off ms    on ms  added ms  decode@512 ms  codes read');
for (const r of rows) {
  const codes = r.found.map((c) => `${c.format} "${c.text}"`).join(', ') || '-';
  console.log(`${r.image.name.padEnd(30)} ${r.frame.padEnd(9)} ${fmt(r.off)} ${fmt(r.on)} ${fmt(r.on - r.off)} ${fmt(r.decode)}       ${codes}`);
}
const plain = rows.filter((r) => !r.image.code);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `images without a code: added ${mean(plain.map((r) => r.on - r.off)).toFixed(1)} ms a image on average (decoder ${mean(plain.map((r) => r.decode)).toFixed(1)} ms at 512 px; aim ≤ 15 ms)`,
);
const missed = rows.filter((r) => r.image.code !== r.found.length > 0);
console.log(`codes found where pasted and nowhere else: ${rows.length - missed.length}/${rows.length}${missed.length ? `  wrong on ${missed.map((r) => r.image.name).join(', ')}` : ''}`);
fs.rmSync(dataDir, { recursive: true, force: true });
