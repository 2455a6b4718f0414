import type { Label, Verdict } from '../lib/types';

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span class={`verdict verdict-${verdict}`} data-testid="verdict">
      {verdict}
    </span>
  );
}

export function LabelsTable({ labels }: { labels: Label[] }) {
  if (!labels.length) return <p class="muted">No category scored.</p>;
  return (
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
  );
}
