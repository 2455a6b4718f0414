import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locateFfmpeg } from '@crs/core';

/** Test media made on the machine with the ffmpeg the service itself uses. */
export function makeVideo(name: string, args: string[]): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-video-'));
  const file = path.join(dir, name);
  try {
    execFileSync(locateFfmpeg()!.ffmpeg.path, ['-v', 'error', ...args, file]);
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `seconds` of ffmpeg's test pattern at a low frame rate, H.264 in MP4. */
export const testPattern = (seconds: number, size = '320x240', fps = 5) =>
  makeVideo('pattern.mp4', ['-f', 'lavfi', '-i', `testsrc=size=${size}:rate=${fps}`, '-t', String(seconds), '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(fps * 2)]);
