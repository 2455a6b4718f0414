import { useEffect, useRef, useState } from 'preact/hooks';
import { blobUrl } from '../lib/api';
import { useSession } from '../lib/sessionContext';
import type { Hit, Label, Verdict } from '../lib/types';
import { clock } from './time';
import { VerdictBadge } from './Verdict';

interface Frame {
  offsetMs: number;
  verdict: Verdict;
  labels: Label[];
  hits?: Hit[];
  imageUrl?: string;
  error?: { code: string; message: string };
}

/** A frame's picture, fetched with the caller's key (the URL needs it, so no plain <img src>). */
function Thumbnail({ url, alt }: { url: string; alt: string }) {
  const session = useSession();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    let made: string | null = null;
    blobUrl(session, url, abort.signal)
      .then((u) => setSrc((made = u)))
      .catch(() => undefined);
    return () => {
      abort.abort();
      if (made) URL.revokeObjectURL(made);
    };
  }, [url, session]);
  return src ? <img class="thumb" src={src} alt={alt} data-testid="frame-thumb" /> : <span class="thumb thumb-empty">loading…</span>;
}

/** The sampled frames on a timeline, flagged ones marked, with their thumbnails. */
export function VideoTimeline({ result, src }: { result: Record<string, unknown>; src: string | null }) {
  const frames = (Array.isArray(result.frames) ? result.frames : []) as Frame[];
  const duration = Number(result.durationMs ?? 0) || Math.max(1, ...frames.map((f) => f.offsetMs));
  const video = useRef<HTMLVideoElement>(null);
  const seek = (ms: number) => {
    if (video.current) {
      video.current.currentTime = ms / 1000;
      video.current.focus();
    }
  };
  return (
    <div class="video-result">
      {src && <video ref={video} src={src} controls preload="metadata" aria-label="The moderated video" />}
      <p>
        {String(result.sampledFrames ?? frames.length)} frames examined over {clock(duration)}; {frames.filter((f) => f.verdict !== 'pass').length} flagged.
      </p>
      <div class="timeline" role="list" aria-label="Flagged frames on the timeline">
        {frames.map((f, i) => (
          <button
            key={i}
            type="button"
            role="listitem"
            class={`tick tick-${f.verdict}`}
            style={{ left: `${(100 * f.offsetMs) / duration}%` }}
            data-testid="timeline-frame"
            aria-label={`Frame at ${clock(f.offsetMs)}: ${f.verdict}`}
            title={`${clock(f.offsetMs)} ${f.verdict}`}
            onClick={() => seek(f.offsetMs)}
          />
        ))}
      </div>
      <ul class="frames">
        {frames
          .filter((f) => f.verdict !== 'pass' || f.error)
          .map((f, i) => (
            <li key={i} class="frame">
              {f.imageUrl ? <Thumbnail url={f.imageUrl} alt={`Frame at ${clock(f.offsetMs)}`} /> : <span class="thumb thumb-empty">no image</span>}
              <div>
                <button type="button" class="link" onClick={() => seek(f.offsetMs)}>
                  {clock(f.offsetMs)}
                </button>{' '}
                <VerdictBadge verdict={f.verdict} />
                <div class="muted">
                  {f.error ? `${f.error.code}: ${f.error.message}` : f.labels.filter((l) => l.verdict !== 'pass').map((l) => `${l.category} ${l.score.toFixed(2)}`).join(', ')}
                </div>
              </div>
            </li>
          ))}
      </ul>
    </div>
  );
}
