import { useState } from 'preact/hooks';
import type { FaceBox, Hit, Quad } from '../lib/types';

export interface ImageFindings {
  faces: { box: FaceBox; score?: number }[];
  lines: { text: string; box: Quad }[];
  codes: { format: string; text: string; box: Quad }[];
  hits: Hit[];
}

const asArray = <T,>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** Everything with a place in the picture, from any image task's result. */
export function findingsOf(result: Record<string, unknown>): ImageFindings {
  const moderation = (result.moderation ?? {}) as Record<string, unknown>;
  return {
    faces: asArray(result.faces),
    lines: asArray(result.lines),
    codes: asArray(result.codes),
    hits: [...asArray<Hit>(result.hits), ...asArray<Hit>(moderation.hits)].filter((h) => h.box),
  };
}

const points = (q: Quad) => q.map(([x, y]) => `${x},${y}`).join(' ');

/** The image with boxes for faces, OCR lines, codes and located hits, in the image's own pixels. */
export function ImageOverlay({ src, findings, alt }: { src: string; findings: ImageFindings; alt: string }) {
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const { faces, lines, codes, hits } = findings;
  const stroke = size ? Math.max(2, Math.round(Math.max(size.w, size.h) / 300)) : 2;
  return (
    <figure class="image-result">
      <div class="image-stage">
        <img src={src} alt={alt} onLoad={(e) => setSize({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })} />
        {size && (
          <svg class="boxes" viewBox={`0 0 ${size.w} ${size.h}`} preserveAspectRatio="none" role="img" aria-label={`${faces.length} faces, ${lines.length} text lines, ${codes.length} codes marked`}>
            {faces.map((f, i) => (
              <rect key={`f${i}`} class="box box-face" data-testid="face-box" x={f.box.x} y={f.box.y} width={f.box.width} height={f.box.height} stroke-width={stroke}>
                <title>{`Face ${i + 1}${f.score !== undefined ? `, score ${f.score.toFixed(2)}` : ''}`}</title>
              </rect>
            ))}
            {lines.map((l, i) => (
              <polygon key={`l${i}`} class="box box-line" data-testid="ocr-box" points={points(l.box)} stroke-width={stroke}>
                <title>{l.text}</title>
              </polygon>
            ))}
            {codes.map((c, i) => (
              <polygon key={`c${i}`} class="box box-code" data-testid="code-box" points={points(c.box)} stroke-width={stroke}>
                <title>{`${c.format}: ${c.text}`}</title>
              </polygon>
            ))}
            {hits.map((h, i) => (
              <polygon key={`h${i}`} class={`box box-hit hit-${h.category}`} points={points(h.box!)} stroke-width={stroke}>
                <title>{`${h.category}: ${h.word}`}</title>
              </polygon>
            ))}
          </svg>
        )}
      </div>
      <figcaption>
        <ul class="legend">
          <li>
            <span class="swatch swatch-face" aria-hidden="true" /> Faces: {faces.length}
          </li>
          <li>
            <span class="swatch swatch-line" aria-hidden="true" /> Text lines: {lines.length}
          </li>
          <li>
            <span class="swatch swatch-code" aria-hidden="true" /> Codes: {codes.length}
          </li>
        </ul>
        {codes.length > 0 && (
          <ul class="findings">
            {codes.map((c, i) => (
              <li key={i}>
                {c.format}: <code>{c.text}</code>
              </li>
            ))}
          </ul>
        )}
        {lines.length > 0 && (
          <ol class="findings" aria-label="Text read in the image">
            {lines.map((l, i) => (
              <li key={i}>{l.text}</li>
            ))}
          </ol>
        )}
      </figcaption>
    </figure>
  );
}
