import type { SpeechSegment } from '../vad.js';

/**
 * A speech-to-text engine: the words of each speech span of 16 kHz mono PCM.
 * Engines are swappable (config `ASR_ENGINE`); the plugin only sees this.
 */
export interface AsrEngine {
  /** Engine and model, e.g. `sherpa-onnx/sensevoice`; reported with every result. */
  readonly name: string;
  /** One text per span, in the spans' order (empty when nothing was recognised). */
  transcribe(pcm: Float32Array, spans: readonly SpeechSegment[], signal: AbortSignal): Promise<string[]>;
  close(): Promise<void>;
}

/** Samples of `pcm` between two times in ms (16 kHz). */
export function samplesOf(pcm: Float32Array, span: SpeechSegment): Float32Array {
  const from = Math.max(0, Math.floor(span.startMs * 16));
  const to = Math.min(pcm.length, Math.ceil(span.endMs * 16));
  return pcm.subarray(from, Math.max(from, to));
}
