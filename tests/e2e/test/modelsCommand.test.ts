import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/**
 * `npm run models` as a user runs it, on a checkout whose installed models go to a temporary DATA_DIR.
 * Each run starts Node and checks the build, a few seconds apiece on a busy machine: hence the long timeouts.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const BUNDLED = path.join(ROOT, 'models');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-models-cmd-'));
const dataDir = path.join(tmp, 'data');
const emptyModels = path.join(tmp, 'no-models');
const installed = (p: string) => path.join(dataDir, 'models', p);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function models(...args: string[]) {
  // MODELS_DIR empty: the bundled models count as missing, as on an install that left them out.
  const env = { ...process.env, DATA_DIR: dataDir, MODELS_DIR: emptyModels, MODELS_EXTRA_DIRS: '' };
  const r = spawnSync(process.execPath, ['scripts/models.mjs', ...args], { cwd: ROOT, env, encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** One line saying what went wrong, no stack trace. */
function expectOneLine(err: string) {
  expect(err.trim().split('\n')).toHaveLength(1);
  expect(err).not.toMatch(/\n\s+at /);
}

// The command builds what it imports first; done once here, each run finds the build current.
beforeAll(() => {
  const turbo = ['node_modules/turbo/bin/turbo', 'run', 'build', '--filter=@crs/api...', '--filter=@crs/worker...', '--output-logs=errors-only'];
  expect(spawnSync(process.execPath, turbo, { cwd: ROOT, stdio: 'ignore' }).status).toBe(0);
}, 600_000);

beforeEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(emptyModels, { recursive: true });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('npm run models', () => {
  it('lists a missing model with the exact files it needs, imports it from a local file, then lists it installed', () => {
    const before = models('list');
    expect(before.status).toBe(0);
    const vadSha = sha256(fs.readFileSync(path.join(BUNDLED, 'speech-vad/silero_vad.onnx')));
    expect(before.out).toMatch(/^vad\s+missing/m);
    expect(before.out).toContain(`needs speech-vad/silero_vad.onnx (sha256 ${vadSha}, 2327524 bytes)`);
    expect(before.out).toContain('npm run models -- import <file|directory|tarball> --as vad');

    const imported = models('import', path.join(BUNDLED, 'speech-vad/silero_vad.onnx'), '--as', 'vad');
    expect(imported.err).toBe('');
    expect(imported.status).toBe(0);
    expect(sha256(fs.readFileSync(installed('speech-vad/silero_vad.onnx')))).toBe(vadSha);
    expect(models('list').out).toMatch(new RegExp(`^vad\\s+installed .* — in ${dataDir}/models$`, 'm'));
  }, 180_000);

  it('refuses a file whose checksum differs, installing nothing', () => {
    const fake = path.join(tmp, 'silero_vad.onnx');
    const bytes = fs.readFileSync(path.join(BUNDLED, 'speech-vad/silero_vad.onnx'));
    bytes[1000] = bytes[1000]! ^ 0xff;
    fs.writeFileSync(fake, bytes);
    const r = models('import', fake, '--as', 'vad');
    expect(r.status).toBe(1);
    expectOneLine(r.err);
    expect(r.err).toContain(`import vad: refused: ${fake} has sha256 ${sha256(bytes)}, but speech-vad/silero_vad.onnx must have`);
    expect(r.err).toContain('nothing was installed');
    expect(fs.existsSync(installed('speech-vad'))).toBe(false);
  }, 180_000);

  it('imports a model of several files from a tarball, and from a directory', () => {
    const staging = path.join(tmp, 'face-files');
    fs.mkdirSync(staging, { recursive: true });
    // Flat, as someone copying the files by hand would bring them.
    for (const f of ['face-detection/yunet_s_dynamic.onnx', 'face-recognition/MobileFaceNet.onnx', 'face-antispoofing/2.7_80x80_MiniFASNetV2.onnx', 'face-antispoofing/4_0_0_80x80_MiniFASNetV1SE.onnx']) {
      fs.copyFileSync(path.join(BUNDLED, f), path.join(staging, path.basename(f)));
    }
    const tarball = path.join(tmp, 'face.tar.gz');
    execFileSync('tar', ['-czf', tarball, '-C', staging, '.']);
    const r = models('import', tarball, '--as', 'face');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(installed('face-recognition/MobileFaceNet.onnx'))).toEqual(fs.readFileSync(path.join(BUNDLED, 'face-recognition/MobileFaceNet.onnx')));
    expect(models('list').out).toMatch(/^face\s+installed/m);

    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(path.join(staging, 'MobileFaceNet.onnx'));
    const partial = models('import', staging, '--as', 'face');
    expect(partial.status).toBe(1);
    expectOneLine(partial.err);
    expect(partial.err).toContain('has no MobileFaceNet.onnx (needed as face-recognition/MobileFaceNet.onnx); nothing was installed');
    expect(fs.existsSync(installed('face-detection'))).toBe(false);
  }, 180_000);

  it('takes the checksum the user gives for a model whose publisher pins none', () => {
    const file = path.join(tmp, 'migan_pipeline_v2.onnx');
    fs.writeFileSync(file, 'stand-in bytes for the MI-GAN file');
    const unpinned = models('import', file, '--as', 'migan');
    expect(unpinned.status).toBe(1);
    expectOneLine(unpinned.err);
    expect(unpinned.err).toContain('run again with --sha256 <64 hex digits>');
    expect(models('import', file, '--as', 'migan', '--sha256', 'a'.repeat(64)).err).toContain('refused');
    const ok = models('import', file, '--as', 'migan', '--sha256', sha256(fs.readFileSync(file)));
    expect(ok.status).toBe(0);
    expect(fs.existsSync(installed('inpainting/migan_pipeline_v2.onnx'))).toBe(true);
  }, 180_000);

  it('fetch without a network fails with one line naming what it tried and the import alternative', async () => {
    // A loopback port nothing listens on stands for a machine with no route out.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    const r = models('fetch', 'vad', '--mirror', `http://127.0.0.1:${port}/models/`);
    expect(r.status).toBe(1);
    expectOneLine(r.err);
    expect(r.err).toBe(
      `fetch vad: could not reach http://127.0.0.1:${port}/models/speech-vad/silero_vad.onnx (ECONNREFUSED); without internet, copy the file in by other means and run: npm run models -- import <file|directory|tarball> --as vad\n`,
    );
  }, 180_000);

  it('fetch from a mirror installs a file whose checksum matches and refuses one that does not', async () => {
    let body = fs.readFileSync(path.join(BUNDLED, 'speech-vad/silero_vad.onnx'));
    const server = http.createServer((req, res) => {
      if (req.url === '/m/speech-vad/silero_vad.onnx') res.end(body);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/m`;
    try {
      const good = spawnAsync(['fetch', 'vad', '--mirror', mirror]);
      expect((await good).status).toBe(0);
      expect(fs.existsSync(installed('speech-vad/silero_vad.onnx'))).toBe(true);

      fs.rmSync(dataDir, { recursive: true, force: true });
      body = Buffer.from('not the model');
      const bad = await spawnAsync(['fetch', 'vad', '--mirror', mirror]);
      expect(bad.status).toBe(1);
      expectOneLine(bad.err);
      expect(bad.err).toContain('refused');
      expect(fs.existsSync(installed('speech-vad'))).toBe(false);
    } finally {
      await new Promise((r) => server.close(r));
    }
  }, 180_000);

  it('fetches a model kept inside a package tarball only when the tarball has its pinned checksum', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/m/nsfwjs-4.4.0.tgz') res.end('not the nsfwjs package');
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/m`;
    try {
      const listed = models('list');
      expect(listed.out).toMatch(/^nsfw-inception-v3\s+missing/m);
      expect(listed.out).toContain('needs nsfw/inception_v3/model.min.js (sha256 8c2b793b9d277840fc757725bf3b135c96d5a54ec020e2b4ab569fc3df6b3848, 177909 bytes)');
      expect(listed.out).toContain('from https://registry.npmjs.org/nsfwjs/-/nsfwjs-4.4.0.tgz (sha256 585cd178f3b994337c4d10a87b080d342fc52f8b9bf0085c4d1f345a3a1c5382');
      const bad = await spawnAsync(['fetch', 'nsfw-inception-v3', '--mirror', mirror]);
      expect(bad.status).toBe(1);
      expectOneLine(bad.err);
      expect(bad.err).toContain(`fetch nsfw-inception-v3: refused: ${mirror}/nsfwjs-4.4.0.tgz gave a file with sha256 ${sha256(Buffer.from('not the nsfwjs package'))}, but it must have 585cd178`);
      expect(bad.err).toContain('nothing was installed');
      expect(fs.existsSync(installed('nsfw'))).toBe(false);
    } finally {
      await new Promise((r) => server.close(r));
    }
  }, 180_000);
});

/** The mirror runs in this process, so the command must not block its event loop as spawnSync would. */
async function spawnAsync(args: string[]): Promise<{ status: number | null; err: string }> {
  const { spawn } = await import('node:child_process');
  const env = { ...process.env, DATA_DIR: dataDir, MODELS_DIR: emptyModels, MODELS_EXTRA_DIRS: '' };
  const child = spawn(process.execPath, ['scripts/models.mjs', ...args], { cwd: ROOT, env });
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  child.stdout.resume();
  const status = await new Promise<number | null>((r) => child.on('close', r));
  return { status, err };
}
