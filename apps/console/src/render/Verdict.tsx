import type { Label, Verdict } from '../lib/types';

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span class={`verdict verdict-${verdict}`} data-testid="verdict">
      {verdict}
    </span>
  );
}

/** The categories that scored; the ones at 0 are named in one line below instead of a row each. */
export function LabelsTable({ labels: all }: { labels: Label[] }) {
  const labels = all.filter((l) => l.score > 0 || l.verdict !== 'pass');
  const quiet = all.filter((l) => !labels.includes(l)).map((l) => l.category);
  if (!labels.length) return <p class="muted">No category scored{quiet.length ? ` (${quiet.join(', ')}: 0)` : ''}.</p>;
  return (
    <>
    <table class="labels">
      <caption class="sr-only">Scores by category</caption>
      <thead>
        <tr>
          <th scope="col">Category</th>
          <th scope="col">Score</th>
          <th scope="col">Verdict</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {labels.map((l) => (
          <tr key={l.category}>
            <th scope="row">{l.category}</th>
            <td>
              <meter min={0} max={1} value={l.score} aria-label={`${l.category} score`} /> {l.score.toFixed(2)}
            </td>
            <td>
              <VerdictBadge verdict={l.verdict} />
            </td>
            <td>{l.source ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
    {quiet.length > 0 && <p class="muted">{quiet.join(', ')}: 0</p>}
    </>
  );
}
