import type { SpeechSegment } from './vad.js';

/** Duration of one voice-detection window (512 samples at 16 kHz). */
const WINDOW_MS = 32;

/**
 * Speech segments no longer than `maxMs`: a longer one is cut at its quietest
 * window (lowest speech probability) between `minMs` and `maxMs` from where the
 * piece starts, so a recogniser gets phrases, not minutes (SenseVoice and
 * Paraformer are trained on utterances of up to about 30 s).
 */
export function splitLongSegments(segments: readonly SpeechSegment[], probs: Float32Array, maxMs = 28_000, minMs = 15_000): SpeechSegment[] {
  const out: SpeechSegment[] = [];
  for (const seg of segments) {
    let start = seg.startMs;
    while (seg.endMs - start > maxMs) {
      const from = Math.ceil((start + minMs) / WINDOW_MS);
      const to = Math.floor((start + maxMs) / WINDOW_MS);
      let cut = to;
      for (let w = from; w <= to && w < probs.length; w++) if (probs[w]! < probs[cut]! || cut >= probs.length) cut = w;
      const at = Math.min(cut * WINDOW_MS, start + maxMs);
      out.push({ startMs: start, endMs: at });
      start = at;
    }
    out.push({ startMs: start, endMs: seg.endMs });
  }
  return out;
}

/**
 * Consecutive segments grouped into chunks spanning at most `chunkMs` each (a
 * segment longer than that is a chunk of its own): each chunk is one job that
 * any worker can transcribe.
 */
export function planChunks(segments: readonly SpeechSegment[], chunkMs: number): SpeechSegment[][] {
  const chunks: SpeechSegment[][] = [];
  let current: SpeechSegment[] = [];
  for (const seg of segments) {
    if (current.length && seg.endMs - current[0]!.startMs > chunkMs) {
      chunks.push(current);
      current = [];
    }
    current.push(seg);
  }
  if (current.length) chunks.push(current);
  return chunks;
}
