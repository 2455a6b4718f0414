import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { locateFfmpeg } from '@crs/core';
import { requires } from '@crs/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplesOf } from '../src/asr/engine.js';
import { loadPocketsphinxEngine } from '../src/asr/pocketsphinx.js';
import { DECODE_BLOCK_SAMPLES, decodePcm16k, scanAudio, speechProbabilities, speechSegments } from '../src/index.js';
import { hasTestRecogniser, loopedSpeechFile } from '../src/testing.js';

/**
 * audio.moderate decodes and detects speech block by block, so memory does not
 * grow with the length of the recording: checked on a 5-minute speech-like MP3
 * (espeak-ng phrases between pauses) against the whole-recording computation.
 */
/** The voice model the repository ships. */
const VAD = path.resolve(import.meta.dirname, '../../../models/speech-vad/silero_vad.onnx');
const sphinx = requires(hasTestRecogniser(), 'pocketsphinx with its English model and flite (apt-get install pocketsphinx pocketsphinx-en-us flite)');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-audiostream-'));
const ffmpeg = locateFfmpeg()!.ffmpeg.path;
const MINUTES = 5;
let session: ort.InferenceSession;
let file = '';
let whole: Float32Array;

/** Bit-for-bit equality of two sample arrays (a deep equal of millions of elements takes minutes). */
const sameSamples = (a: Float32Array, b: Float32Array) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('block-by-block decoding and voice detection', () => {
  beforeAll(async () => {
    session = await ort.InferenceSession.create(VAD, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    file = loopedSpeechFile(ffmpeg, dir, 'long', MINUTES * 60);
    whole = await decodePcm16k(ffmpeg, file, 120_000);
  }, 120_000);
  afterAll(async () => {
    await session?.release();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`holds at most one block of a ${MINUTES}-minute file in memory, and finds the same speech as the whole recording`, async () => {
    const scanned = await scanAudio(ffmpeg, file, { timeoutMs: 120_000, vad: session, keepPcm: true });
    try {
      expect(scanned.samples).toBe(whole.length);
      expect(whole.length).toBeGreaterThan(MINUTES * 60 * 16_000 - 16_000);
      // A block plus the detector's unfinished window, not the recording (4.8 million samples).
      expect(scanned.peakBufferedSamples).toBeGreaterThan(0);
      expect(scanned.peakBufferedSamples).toBeLessThanOrEqual(DECODE_BLOCK_SAMPLES + 512);
      const reference = await speechProbabilities(session, whole);
      expect(sameSamples(scanned.probs, reference)).toBe(true);
      const segments = speechSegments(scanned.probs, scanned.samples);
      expect(segments.length).toBeGreaterThan(MINUTES * 10);
      expect(segments).toEqual(speechSegments(reference, whole.length));
      // The audio kept for transcription is the decoded audio, sample for sample.
      expect(sameSamples(await scanned.pcm!.read(0, whole.length), whole)).toBe(true);
      const gathered = await scanned.pcm!.gather(segments.slice(3, 9));
      gathered.spans.forEach((s, i) => expect(sameSamples(samplesOf(gathered.pcm, s), samplesOf(whole, segments[3 + i]!)), `span ${i}`).toBe(true));
    } finally {
      await scanned.pcm?.close();
    }
  }, 120_000);

  it('stops ffmpeg and removes the kept audio when the job is aborted', async () => {
    const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const abort = new AbortController();
      const scanning = scanAudio(ffmpeg, file, { timeoutMs: 120_000, signal: abort.signal, vad: session, keepPcm: true });
      setTimeout(() => abort.abort(), 200);
      await expect(scanning).rejects.toMatchObject({ name: expect.stringMatching(/AbortError|ToolError/) });
      expect(fs.readdirSync(tmp)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  }, 60_000);

  it('refuses a file that is not audio with corrupt_media, naming no path', async () => {
    const junk = path.join(dir, 'junk.mp3');
    fs.writeFileSync(junk, Buffer.alloc(4096, 7));
    const err = (await scanAudio(ffmpeg, junk, { timeoutMs: 30_000, vad: session, keepPcm: true }).catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('corrupt_media');
    expect(err.message).not.toContain(dir);
    expect(err.message).not.toContain(ffmpeg);
  }, 60_000);

  it.skipIf(sphinx.skip)(sphinx.title('gives pocketsphinx the same words from the kept audio as from the whole recording'), async () => {
    const scanned = await scanAudio(ffmpeg, file, { timeoutMs: 120_000, vad: session, keepPcm: true });
    const engine = loadPocketsphinxEngine({ asr: { engine: 'pocketsphinx', model: '', threads: 1, pocketsphinxModelDir: '/usr/share/pocketsphinx/model/en-us' } });
    try {
      const spans = speechSegments(scanned.probs, scanned.samples).slice(20, 22);
      const gathered = await scanned.pcm!.gather(spans);
      const signal = new AbortController().signal;
      const texts = await engine.transcribe(gathered.pcm, gathered.spans, signal);
      expect(texts.join(' ')).toMatch(/sentence/);
      expect(texts).toEqual(await engine.transcribe(whole, spans, signal));
    } finally {
      await scanned.pcm?.close();
      await engine.close();
    }
  }, 120_000);
});
