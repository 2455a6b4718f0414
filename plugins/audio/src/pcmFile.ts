import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SpeechSegment } from './vad.js';

/** Samples in a pocketsphinx frame (10 ms at 16 kHz): pieces are cut on frame boundaries. */
const FRAME = 160;

/** Samples and spans to hand an engine: the spans' own audio, their times moved to where it sits in `pcm`. */
export interface GatheredSpans {
  pcm: Float32Array;
  spans: SpeechSegment[];
}

/**
 * Decoded 16 kHz float PCM kept in a temporary file (removed by `close`)
 * instead of memory: an hour of it is 230 MB, of which a job needs the few
 * stretches where there is speech, read back when they are transcribed.
 */
export class PcmFile {
  private constructor(
    private readonly file: string,
    private readonly handle: fs.FileHandle,
  ) {}

  /** Samples written so far. */
  length = 0;

  static async create(): Promise<PcmFile> {
    const file = path.join(os.tmpdir(), `crs-pcm-${randomUUID()}.f32`);
    return new PcmFile(file, await fs.open(file, 'wx+', 0o600));
  }

  async append(block: Float32Array): Promise<void> {
    await this.handle.write(new Uint8Array(block.buffer, block.byteOffset, block.byteLength), 0, block.byteLength, this.length * 4);
    this.length += block.length;
  }

  /** Samples [from, to), clipped to what was written. */
  async read(from: number, to: number): Promise<Float32Array> {
    const start = Math.max(0, Math.min(this.length, from));
    const out = new Float32Array(Math.max(0, Math.min(this.length, to) - start));
    const bytes = new Uint8Array(out.buffer);
    for (let done = 0; done < bytes.length; ) {
      const { bytesRead } = await this.handle.read(bytes, done, bytes.length - done, start * 4 + done);
      if (!bytesRead) break;
      done += bytesRead;
    }
    return out;
  }

  /** Samples between two times in ms, as `samplesOf` cuts them from a whole recording. */
  readSpan(span: SpeechSegment): Promise<Float32Array> {
    return this.read(Math.floor(span.startMs * 16), Math.ceil(span.endMs * 16));
  }

  /**
   * The audio of `spans` only, one piece after another, each starting on a
   * 10 ms frame and covering its span's frames, with the spans' times moved by
   * whole frames: an engine cutting a span from the result (by samples or by
   * frames) gets exactly the samples it would cut from the whole recording.
   */
  async gather(spans: readonly SpeechSegment[]): Promise<GatheredSpans> {
    const pieces = spans.map((s) => {
      const from = Math.floor(s.startMs / 10) * FRAME;
      const to = Math.max(from, Math.min(this.length, Math.ceil(s.endMs / 10) * FRAME));
      return { span: s, from, to };
    });
    const sizes = pieces.map((p) => Math.ceil((p.to - p.from) / FRAME) * FRAME);
    const pcm = new Float32Array(sizes.reduce((a, b) => a + b, 0));
    const moved: SpeechSegment[] = [];
    let at = 0;
    for (const [i, p] of pieces.entries()) {
      pcm.set(await this.read(p.from, p.to), at);
      const shiftMs = (p.from - at) / 16;
      // A span past the end of the audio stops where its piece does, as it stops at the end of the recording.
      moved.push({ startMs: p.span.startMs - shiftMs, endMs: Math.min(p.span.endMs - shiftMs, (at + p.to - p.from) / 16) });
      at += sizes[i]!;
    }
    return { pcm, spans: moved };
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fs.rm(this.file, { force: true });
  }
}
