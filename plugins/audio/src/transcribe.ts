import type { AudioSegment, JobContext } from '@crs/core';
import type { AsrEngine } from './asr/engine.js';
import { moderateSpeech, type SpeechModerationOptions } from './moderateSpeech.js';
import type { PcmFile } from './pcmFile.js';
import type { SpeechSegment } from './vad.js';

/** Spans sent to the engine at once: enough to amortise a model load, few enough to report progress. */
const BATCH = 25;

/**
 * Words of each speech span of `pcm`, each checked by text moderation, with
 * times shifted by `offsetMs` (where `pcm` starts in the caller's recording).
 * Only a batch's spans are read into memory at a time.
 */
export async function transcribeAndModerate(
  engine: AsrEngine,
  pcm: Pick<PcmFile, 'gather'>,
  spans: readonly SpeechSegment[],
  offsetMs: number,
  ctx: JobContext,
  options: SpeechModerationOptions,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<AudioSegment[]> {
  const out: AudioSegment[] = [];
  for (let i = 0; i < spans.length; i += BATCH) {
    const batch = spans.slice(i, i + BATCH);
    const gathered = await pcm.gather(batch);
    const texts = await engine.transcribe(gathered.pcm, gathered.spans, ctx.signal);
    for (let j = 0; j < batch.length; j++) {
      const text = texts[j] ?? '';
      const span = batch[j]!;
      out.push({ startMs: span.startMs + offsetMs, endMs: span.endMs + offsetMs, text, ...(await moderateSpeech(text, ctx, options)) });
    }
    onProgress(Math.min(spans.length, i + BATCH), spans.length);
  }
  return out;
}
