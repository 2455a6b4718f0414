import * as ort from 'onnxruntime-node';

/** Silero VAD at 16 kHz: 512 new samples per call, after the last 64 of the previous call. */
const SAMPLE_RATE = 16_000;
const WINDOW = 512;
const CONTEXT = 64;

export interface VadOptions {
  threshold: number;
  minSpeechMs: number;
  minSilenceMs: number;
  speechPadMs: number;
}

/**
 * Silero's defaults (get_speech_timestamps), except that a pause must last
 * 300 ms (not 100) to end a segment: segments are phrases for transcription,
 * and a speaker's breath between two words should not cut one in two.
 */
export const VAD_DEFAULTS: VadOptions = { threshold: 0.5, minSpeechMs: 250, minSilenceMs: 300, speechPadMs: 30 };

export interface SpeechSegment {
  startMs: number;
  endMs: number;
}

/**
 * Speech probability of every 32 ms window of audio pushed in blocks of any
 * length, the recurrent state carried from one window to the next: only the
 * samples of an unfinished window (and the 64 before it) are kept between
 * blocks, so a long recording never has to be in memory at once.
 */
export class SpeechDetector {
  private state: ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
  private readonly sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(SAMPLE_RATE)]), []);
  /** Context (the last 64 samples before the window, zeros at the start), then the window. */
  private readonly input = new Float32Array(CONTEXT + WINDOW);
  private pending = 0;
  private probs = new Float32Array(1024);
  private windows = 0;
  /** Samples pushed so far. */
  samples = 0;

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly signal?: AbortSignal,
  ) {}

  /** Samples held for the next window (fewer than one window). */
  get buffered(): number {
    return this.pending;
  }

  async push(block: Float32Array): Promise<void> {
    this.samples += block.length;
    for (let at = 0; at < block.length; ) {
      const n = Math.min(WINDOW - this.pending, block.length - at);
      this.input.set(block.subarray(at, at + n), CONTEXT + this.pending);
      this.pending += n;
      at += n;
      if (this.pending === WINDOW) await this.run();
    }
  }

  /** The probabilities, the last window padded with zeros as Silero's reference code does. */
  async finish(): Promise<Float32Array> {
    if (this.pending) {
      this.input.fill(0, CONTEXT + this.pending);
      await this.run();
    }
    return this.probs.slice(0, this.windows);
  }

  private async run(): Promise<void> {
    if (this.windows % 256 === 0) this.signal?.throwIfAborted();
    const out = await this.session.run({ input: new ort.Tensor('float32', this.input.slice(), [1, CONTEXT + WINDOW]), state: this.state, sr: this.sr });
    if (this.windows === this.probs.length) {
      const grown = new Float32Array(this.probs.length * 2);
      grown.set(this.probs);
      this.probs = grown;
    }
    this.probs[this.windows++] = (out.output!.data as Float32Array)[0]!;
    this.state = out.stateN as ort.Tensor;
    // The next window's context: this window's last 64 samples.
    this.input.copyWithin(0, WINDOW, WINDOW + CONTEXT);
    this.pending = 0;
  }
}

/** Speech probability of every 32 ms window of `pcm`. */
export async function speechProbabilities(session: ort.InferenceSession, pcm: Float32Array, signal?: AbortSignal): Promise<Float32Array> {
  const detector = new SpeechDetector(session, signal);
  await detector.push(pcm);
  return detector.finish();
}

/**
 * Speech segments from window probabilities, as Silero's get_speech_timestamps
 * does: speech starts above `threshold`, ends after `minSilenceMs` below
 * `threshold − 0.15`, segments shorter than `minSpeechMs` are dropped, and each
 * is padded by `speechPadMs` (halving the gap when two would overlap). One
 * change: a segment ends after its last window above `threshold`, not at the
 * first window below `threshold − 0.15`, which the model's slow decay puts
 * about 100 ms too late.
 */
export function speechSegments(probs: Float32Array, totalSamples: number, options: VadOptions = VAD_DEFAULTS): SpeechSegment[] {
  const ms = (samples: number) => Math.round((samples * 1000) / SAMPLE_RATE);
  const minSpeech = (SAMPLE_RATE * options.minSpeechMs) / 1000;
  const minSilence = (SAMPLE_RATE * options.minSilenceMs) / 1000;
  const pad = (SAMPLE_RATE * options.speechPadMs) / 1000;
  const negative = Math.max(0.01, options.threshold - 0.15);
  const raw: { start: number; end: number }[] = [];
  let triggered = false;
  let start = 0;
  let tempEnd = 0;
  let lastSpeechEnd = 0;
  for (let w = 0; w < probs.length; w++) {
    const p = probs[w]!;
    const at = w * WINDOW;
    if (p >= options.threshold) lastSpeechEnd = Math.min(totalSamples, at + WINDOW);
    if (p >= options.threshold && tempEnd) tempEnd = 0;
    if (p >= options.threshold && !triggered) {
      triggered = true;
      start = at;
      continue;
    }
    if (p < negative && triggered) {
      if (!tempEnd) tempEnd = at;
      if (at - tempEnd < minSilence) continue;
      const end = Math.min(tempEnd, Math.max(lastSpeechEnd, start));
      if (end - start > minSpeech) raw.push({ start, end });
      triggered = false;
      tempEnd = 0;
    }
  }
  if (triggered && lastSpeechEnd - start > minSpeech) raw.push({ start, end: lastSpeechEnd });
  for (let i = 0; i < raw.length; i++) {
    const seg = raw[i]!;
    const prev = raw[i - 1];
    const next = raw[i + 1];
    if (!prev) seg.start = Math.max(0, seg.start - pad);
    if (next) {
      const gap = next.start - seg.end;
      if (gap < 2 * pad) {
        seg.end += gap / 2;
        next.start = Math.max(0, next.start - gap / 2);
      } else {
        seg.end = Math.min(totalSamples, seg.end + pad);
        next.start = Math.max(0, next.start - pad);
      }
    } else {
      seg.end = Math.min(totalSamples, seg.end + pad);
    }
  }
  return raw.map((s) => ({ startMs: ms(s.start), endMs: ms(s.end) }));
}
