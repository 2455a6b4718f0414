import type { Hit, Label, Verdict } from '../lib/types';
import { AudioSegments } from './AudioSegments';
import { findingsOf, ImageOverlay } from './ImageOverlay';
import { TextHighlight } from './TextHighlight';
import { LabelsTable, VerdictBadge } from './Verdict';
import { VideoTimeline } from './VideoTimeline';

export interface Evidence {
  task: string;
  result: unknown;
  /** The moderated text, for text tasks. */
  text?: string;
  /** An object URL of the media, for image, video and audio tasks. */
  mediaUrl?: string | null;
}

/** The verdict of any result: moderation results carry it at the top, OCR under `moderation`. */
function verdictOf(result: Record<string, unknown>): { verdict?: Verdict; labels: Label[] } {
  const m = (result.verdict ? result : (result.moderation ?? {})) as { verdict?: Verdict; labels?: Label[] };
  return { ...(m.verdict ? { verdict: m.verdict } : {}), labels: m.labels ?? [] };
}

/** One result, rendered as its task calls for: highlighted text, boxes on the image, a timeline, segments. */
export function ResultView({ evidence, canEditLists }: { evidence: Evidence; canEditLists: boolean }) {
  const result = (evidence.result ?? {}) as Record<string, unknown>;
  const { verdict, labels } = verdictOf(result);
  const task = evidence.task;
  const hits = (Array.isArray(result.hits) ? result.hits : []) as Hit[];
  let body;
  if (task === 'text.moderate') {
    body =
      evidence.text !== undefined ? (
        <TextHighlight text={evidence.text} hits={hits} canEditLists={canEditLists} />
      ) : (
        <ul>
          {hits.map((h, i) => (
            <li key={i}>
              {h.category}: {h.word} ({h.lexicon})
            </li>
          ))}
        </ul>
      );
  } else if (task === 'video.moderate') {
    body = <VideoTimeline result={result} src={evidence.mediaUrl ?? null} />;
  } else if (task === 'audio.moderate') {
    body = <AudioSegments result={result} src={evidence.mediaUrl ?? null} canEditLists={canEditLists} />;
  } else if (evidence.mediaUrl) {
    const ocrText = typeof result.text === 'string' ? result.text : undefined;
    const ocrHits = ((result.moderation as { hits?: Hit[] } | undefined)?.hits ?? []) as Hit[];
    body = (
      <>
        <ImageOverlay src={evidence.mediaUrl} findings={findingsOf(result)} alt="The image that was checked" />
        {ocrText !== undefined && ocrText.length > 0 && <TextHighlight text={ocrText} hits={ocrHits} canEditLists={canEditLists} />}
        {task === 'image.moderate' && hits.length > 0 && (
          <ul class="findings" aria-label="Hits">
            {hits.map((h, i) => (
              <li key={i}>
                {h.category}: {h.word} ({h.source ?? 'lexicon'}: {h.lexicon})
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  return (
    <section class="result" aria-label="Result" data-testid="result">
      <header class="result-head">
        <h3>{task}</h3>
        {verdict && <VerdictBadge verdict={verdict} />}
      </header>
      {verdict && <LabelsTable labels={labels} />}
      {body}
      <details>
        <summary>Raw result (JSON)</summary>
        <pre>{JSON.stringify(result, null, 2)}</pre>
      </details>
    </section>
  );
}
