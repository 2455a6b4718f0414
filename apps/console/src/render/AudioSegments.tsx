import { useRef } from 'preact/hooks';
import type { Hit, Label, Verdict } from '../lib/types';
import { TextHighlight } from './TextHighlight';
import { clock } from './time';
import { VerdictBadge } from './Verdict';

interface Segment {
  startMs: number;
  endMs: number;
  text?: string;
  verdict: Verdict;
  labels: Label[];
  hits?: Hit[];
  error?: { code: string; message: string };
}

/** Speech segments with their words, hits highlighted as in text. */
export function AudioSegments({ result, src, canEditLists }: { result: Record<string, unknown>; src: string | null; canEditLists: boolean }) {
  const segments = (Array.isArray(result.segments) ? result.segments : []) as Segment[];
  const audio = useRef<HTMLAudioElement>(null);
  const asr = result.asr as { status?: string; message?: string } | undefined;
  const play = (ms: number) => {
    if (!audio.current) return;
    audio.current.currentTime = ms / 1000;
    void audio.current.play().catch(() => undefined);
  };
  return (
    <div class="audio-result">
      {src && <audio ref={audio} src={src} controls preload="metadata" aria-label="The moderated audio" />}
      {asr?.status === 'unavailable' && <p class="notice">Speech to text unavailable: {asr.message}</p>}
      {segments.length === 0 && <p class="muted">No speech found.</p>}
      <ol class="segments">
        {segments.map((s, i) => (
          <li key={i} class="segment" data-testid="audio-segment">
            <div class="segment-head">
              <button type="button" class="link" onClick={() => play(s.startMs)} aria-label={`Play from ${clock(s.startMs)}`}>
                {clock(s.startMs)}–{clock(s.endMs)}
              </button>{' '}
              <VerdictBadge verdict={s.verdict} />
              {s.error && <span class="muted"> {s.error.code}</span>}
            </div>
            {s.text ? <TextHighlight text={s.text} hits={s.hits ?? []} canEditLists={canEditLists} /> : <p class="muted">(no words)</p>}
          </li>
        ))}
      </ol>
    </div>
  );
}
