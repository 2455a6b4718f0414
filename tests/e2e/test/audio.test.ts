import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locateFfmpeg } from '@crs/core';
import { createAudioPlugin } from '@crs/plugin-audio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers/stack.js';

const SHARED_MODELS = path.resolve(import.meta.dirname, '../../../../shared/models');

describe.skipIf(!fs.existsSync(path.join(SHARED_MODELS, 'speech-vad/silero_vad.onnx')))('audio.moderate end to end', () => {
  let stack: Stack;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-e2e-audio-'));
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    execFileSync('espeak-ng', ['-w', file('speech.wav'), 'please send me your account number']);
    execFileSync(locateFfmpeg()!.ffmpeg.path, ['-v', 'error', '-i', file('speech.wav'), '-ar', '16000', '-ac', '1', file('speech16k.mp3')]);
    execFileSync('sox', [file('speech.wav'), '-r', '6000', '-c', '1', file('speech6k.wav')]);
    stack = await startStack({ plugins: [createAudioPlugin()], env: { MODELS_EXTRA_DIRS: SHARED_MODELS } });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const submit = (bytes: Buffer) =>
    stack.call('POST', '/v1/jobs', { body: { task: 'audio.moderate', input: { audio: { base64: bytes.toString('base64') } } }, headers: { prefer: 'wait=30' } });

  it('returns the speech segments of an mp3 and says transcription is unavailable', async () => {
    const res = await submit(fs.readFileSync(file('speech16k.mp3')));
    expect(res.body.status).toBe('succeeded');
    const out = res.body.result;
    expect(out.sampleRate).toBe(16000);
    expect(out.segments.length).toBeGreaterThanOrEqual(1);
    expect(out.segments[0].startMs).toBeLessThan(500);
    expect(out.asr).toMatchObject({ status: 'unavailable', code: 'asr_unavailable' });
    expect(out.verdict).toBe('review');
  }, 60_000);

  it('refuses audio sampled below 8 kHz with sample_rate_too_low, once', async () => {
    const res = await submit(fs.readFileSync(file('speech6k.wav')));
    expect(res.body).toMatchObject({ status: 'failed', error: { code: 'sample_rate_too_low' } });
    expect((await stack.ctx.queues.task('audio.moderate').getJob(res.body.id))?.attemptsMade).toBe(1);
  }, 60_000);
});
