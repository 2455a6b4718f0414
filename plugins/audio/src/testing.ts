import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'pipe' });

/**
 * Speech for tests and benchmarks, made on the machine with flite and sox
 * (`@crs/plugin-audio/testing`): a flite voice, clear enough for the
 * distribution's English recogniser, at 16 kHz mono, with silences between the
 * phrases. Returns the file and where each phrase's voiced samples are (ms).
 */
export function speechFile(dir: string, name: string, phrases: string[], gapSeconds: number): { file: string; truth: { startMs: number; endMs: number }[] } {
  const parts: string[] = [];
  const truth: { startMs: number; endMs: number }[] = [];
  const gap = path.join(dir, `${name}-gap.wav`);
  sh('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', gap, 'trim', '0', String(gapSeconds)]);
  let at = gapSeconds * 1000;
  parts.push(gap);
  phrases.forEach((text, i) => {
    const raw = path.join(dir, `${name}-${i}-raw.wav`);
    const file = path.join(dir, `${name}-${i}.wav`);
    sh('flite', ['-voice', 'rms', '-t', text, '-o', raw]);
    sh('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', file]);
    const pcm = fs.readFileSync(file).subarray(44);
    const samples = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 2));
    let first = -1;
    let last = -1;
    for (let s = 0; s < samples.length; s++) {
      if (Math.abs(samples[s]!) > 32) {
        if (first < 0) first = s;
        last = s;
      }
    }
    truth.push({ startMs: at + first / 16, endMs: at + last / 16 });
    at += samples.length / 16 + gapSeconds * 1000;
    parts.push(file, gap);
  });
  const file = path.join(dir, `${name}.wav`);
  sh('sox', [...parts, file]);
  return { file, truth };
}
