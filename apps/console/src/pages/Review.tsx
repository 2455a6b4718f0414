import { useCallback, useEffect, useState } from 'preact/hooks';
import { blobUrl, call, describeError, send } from '../lib/api';
import { useSession } from '../lib/sessionContext';
import { CATEGORIES, type ReviewItem, type ReviewSummary } from '../lib/types';
import { ResultView } from '../render/ResultView';
import { VerdictBadge } from '../render/Verdict';

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** Pending items one at a time: P passes, B blocks, N skips to the next. */
export function Review() {
  const session = useSession();
  const [summary, setSummary] = useState<ReviewSummary | null>(null);
  const [category, setCategory] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const [page, setPage] = useState<{ item: ReviewItem | null; next: string | null } | null>(null);
  const [media, setMedia] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [decided, setDecided] = useState<ReviewItem[]>([]);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    const q = new URLSearchParams({ status: 'pending', limit: '1' });
    if (category) q.set('category', category);
    if (cursor) q.set('cursor', cursor);
    Promise.all([
      call<ReviewSummary>(session, 'GET', '/v1/reviews/summary', { signal: abort.signal }),
      call<{ items: ReviewItem[]; nextCursor: string | null }>(session, 'GET', `/v1/reviews?${q}`, { signal: abort.signal }),
      call<{ items: ReviewItem[] }>(session, 'GET', '/v1/reviews?status=decided&limit=10', { signal: abort.signal }),
    ])
      .then(([s, p, d]) => {
        setSummary(s.body);
        const item = p.body.items[0] ?? null;
        setPage({ item, next: p.body.nextCursor });
        setChosen(item ? item.labels.filter((l) => l.verdict !== 'pass').map((l) => l.category) : []);
        setNote('');
        setDecided(d.body.items);
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setMessage(`Could not load the queue: ${describeError(err)}`);
      });
    return () => abort.abort();
  }, [session, category, cursor, reload]);

  const item = page?.item ?? null;
  useEffect(() => {
    setMedia(null);
    if (!item?.evidence.fileId) return;
    const abort = new AbortController();
    let made: string | null = null;
    blobUrl(session, `/v1/files/${encodeURIComponent(item.evidence.fileId)}`, abort.signal)
      .then((u) => setMedia((made = u)))
      .catch(() => undefined);
    return () => {
      abort.abort();
      if (made) URL.revokeObjectURL(made);
    };
  }, [item, session]);

  const decide = useCallback(
    (decision: 'pass' | 'block') => {
      if (!item || busy) return;
      setBusy(true);
      call<ReviewItem>(session, 'POST', `/v1/jobs/${encodeURIComponent(item.jobId)}/review`, {
        body: { decision, categories: chosen, ...(note.trim() ? { note: note.trim() } : {}) },
      })
        .then(() => {
          setMessage(`${decision === 'pass' ? 'Passed' : 'Blocked'} job ${item.jobId}.`);
          setCursor(null);
          setReload((n) => n + 1);
        })
        .catch((err: unknown) => setMessage(`Could not record the decision: ${describeError(err)}`))
        .finally(() => setBusy(false));
    },
    [item, busy, chosen, note, session],
  );
  const skip = useCallback(() => {
    if (page?.next) setCursor(page.next);
    else setMessage('No more pending items after this one.');
  }, [page]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const k = e.key.toLowerCase();
      if (k === 'p') decide('pass');
      else if (k === 'b') decide('block');
      else if (k === 'n') skip();
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [decide, skip]);

  const download = () => {
    send(session, 'GET', '/v1/reviews/export?format=jsonl')
      .then((res) => res.blob())
      .then((blob) => {
        const a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = 'review-decisions.jsonl';
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      })
      .catch((err: unknown) => setMessage(`Could not export: ${describeError(err)}`));
  };

  const toggle = (c: string) => setChosen((cs) => (cs.includes(c) ? cs.filter((x) => x !== c) : [...cs, c]));

  return (
    <div class="page review">
      <h2>Review queue</h2>
      <section class="counters" aria-label="Pending items">
        <p>
          <strong data-testid="pending-count">{summary?.pending ?? '…'}</strong> pending, {summary?.decided ?? '…'} decided
        </p>
        <ul class="category-counts">
          <li>
            <button type="button" aria-pressed={category === ''} onClick={() => (setCategory(''), setCursor(null))}>
              all <span class="count">{summary?.pending ?? 0}</span>
            </button>
          </li>
          {Object.entries(summary?.pendingByCategory ?? {}).map(([c, n]) => (
            <li key={c}>
              <button type="button" aria-pressed={category === c} onClick={() => (setCategory(c), setCursor(null))} data-testid={`pending-${c}`}>
                {c} <span class="count">{n}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <p role="status" aria-live="polite" class="status" data-testid="review-status">
        {message}
      </p>
      {page && !item && <p data-testid="queue-empty">Nothing pending{category ? ` in ${category}` : ''}.</p>}
      {item && (
        <article class="review-item" data-testid="review-item" data-job-id={item.jobId} aria-label={`Pending item ${item.jobId}`}>
          <p class="muted">
            Job <code>{item.jobId}</code>, {new Date(item.finishedAt).toLocaleString()}
          </p>
          <ResultView
            evidence={{ task: item.task, result: item.evidence.result, ...(item.evidence.text !== undefined ? { text: item.evidence.text } : {}), mediaUrl: media }}
            canEditLists={true}
          />
          <fieldset class="decision">
            <legend>Decision</legend>
            <div class="categories" role="group" aria-label="Categories of the decision">
              {CATEGORIES.map((c) => (
                <label key={c} class="check">
                  <input type="checkbox" checked={chosen.includes(c)} onChange={() => toggle(c)} /> {c}
                </label>
              ))}
            </div>
            <label for="review-note">Note (optional)</label>
            <input id="review-note" type="text" maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
            <div class="decision-buttons">
              <button type="button" class="pass" disabled={busy} onClick={() => decide('pass')} aria-keyshortcuts="p">
                Pass <kbd>P</kbd>
              </button>
              <button type="button" class="block" disabled={busy} onClick={() => decide('block')} aria-keyshortcuts="b">
                Block <kbd>B</kbd>
              </button>
              <button type="button" disabled={busy} onClick={skip} aria-keyshortcuts="n">
                Skip <kbd>N</kbd>
              </button>
            </div>
          </fieldset>
        </article>
      )}
      <section class="decided" aria-labelledby="decided-title">
        <h3 id="decided-title">Recent decisions</h3>
        <button type="button" onClick={download}>
          Download decisions (JSONL)
        </button>
        {decided.length === 0 ? (
          <p class="muted">None yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Task</th>
                <th scope="col">Machine</th>
                <th scope="col">Decision</th>
                <th scope="col">Categories</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody data-testid="decided-list">
              {decided.map((d) => (
                <tr key={d.jobId} data-job-id={d.jobId}>
                  <td>
                    <code>{d.jobId.slice(0, 8)}</code>
                  </td>
                  <td>{d.task}</td>
                  <td>
                    <VerdictBadge verdict={d.verdict} />
                  </td>
                  <td>{d.decision ? <VerdictBadge verdict={d.decision.decision} /> : '—'}</td>
                  <td>{d.decision?.categories.join(', ') || '—'}</td>
                  <td>{d.decision ? new Date(d.decision.at).toLocaleString() : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
