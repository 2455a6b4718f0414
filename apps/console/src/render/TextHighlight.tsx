import { useMemo, useState } from 'preact/hooks';
import type { Hit } from '../lib/types';
import { HitDetails } from './HitDetails';

interface Run {
  text: string;
  hits: Hit[];
}

/** Splits the text into runs covered by the same hits; offsets are code points, as the API gives them. */
export function runsOf(text: string, hits: Hit[]): Run[] {
  const chars = Array.from(text);
  const cover: Hit[][] = chars.map(() => []);
  for (const h of hits) for (let i = Math.max(0, h.start); i < Math.min(chars.length, h.end); i++) cover[i]!.push(h);
  const runs: Run[] = [];
  chars.forEach((c, i) => {
    const last = runs[runs.length - 1];
    const same = last && last.hits.length === cover[i]!.length && last.hits.every((h, k) => h === cover[i]![k]);
    if (same) last.text += c;
    else runs.push({ text: c, hits: cover[i]! });
  });
  return runs;
}

const severity = (hits: Hit[]) => hits.map((h) => h.category).join(' ');

/** The moderated text with each hit highlighted; hovering or focusing one shows its evidence. */
export function TextHighlight({ text, hits, canEditLists }: { text: string; hits: Hit[]; canEditLists: boolean }) {
  const runs = useMemo(() => runsOf(text, hits.filter((h) => h.code === undefined)), [text, hits]);
  const [active, setActive] = useState<Hit | null>(null);
  const shown = runs.some((r) => r.hits.length > 0);
  return (
    <div class={shown ? 'text-result' : 'text-result no-hits'}>
      <p class="moderated-text" data-testid="moderated-text">
        {runs.map((r, i) =>
          r.hits.length ? (
            <mark
              key={i}
              tabIndex={0}
              class={`hit hit-${r.hits[0]!.category}`}
              data-categories={severity(r.hits)}
              aria-label={`${r.text}: ${r.hits.map((h) => `${h.category} (${h.word})`).join(', ')}`}
              onMouseEnter={() => setActive(r.hits[0]!)}
              onFocus={() => setActive(r.hits[0]!)}
            >
              {r.text}
            </mark>
          ) : (
            <span key={i}>{r.text}</span>
          ),
        )}
      </p>
      {shown && <HitDetails hit={active} canEditLists={canEditLists} />}
    </div>
  );
}
