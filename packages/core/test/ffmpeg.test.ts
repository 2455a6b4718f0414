import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../src/media/ffmpeg.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-ffmpeg-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A directory standing for /usr/bin with an installed ffmpeg and ffprobe. */
function systemBin(): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  for (const name of ['ffmpeg', 'ffprobe']) fs.writeFileSync(path.join(bin, name), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return bin;
}

describe('which ffmpeg the service uses', () => {
  it("prefers the system's ffmpeg and ffprobe over the npm-packaged build", () => {
    const bin = systemBin();
    expect(locateFfmpeg({ PATH: bin })).toEqual({
      ffmpeg: { path: path.join(bin, 'ffmpeg'), source: 'PATH' },
      ffprobe: { path: path.join(bin, 'ffprobe'), source: 'PATH' },
    });
  });

  it('falls back to the npm-packaged binaries when none is installed', () => {
    const found = locateFfmpeg({ PATH: path.join(dir, 'empty') });
    expect(found?.ffmpeg.source).toBe('@ffmpeg-installer/ffmpeg');
    expect(found?.ffprobe.source).toBe('@ffprobe-installer/ffprobe');
  });

  it('takes FFMPEG_PATH and FFPROBE_PATH before anything else', () => {
    const bin = systemBin();
    const packaged = locateFfmpeg({ PATH: '' })!;
    const found = locateFfmpeg({ PATH: bin, FFMPEG_PATH: packaged.ffmpeg.path, FFPROBE_PATH: packaged.ffprobe.path });
    expect(found?.ffmpeg).toEqual({ path: packaged.ffmpeg.path, source: 'FFMPEG_PATH' });
    expect(found?.ffprobe).toEqual({ path: packaged.ffprobe.path, source: 'FFPROBE_PATH' });
  });
});
