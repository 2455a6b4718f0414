import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../lib/api';
import { kindOf, mediaInput, moderateText, runJob, TASKS, uploadFile, type MediaKind } from '../lib/moderate';
import { useSession } from '../lib/sessionContext';
import type { Job } from '../lib/types';
import { ResultView, type Evidence } from '../render/ResultView';

/** Paste text or drop a file, pick a task, see what the service makes of it. */
export function Playground() {
  const session = useSession();
  const [text, setText] = useState('');
  const [file, setFile] = useState<{ file: File; kind: MediaKind; url: string } | null>(null);
  const [task, setTask] = useState('text.moderate');
  const [ocr, setOcr] = useState(false);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [evidence, setEvidence] = useState<Evidence | null>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const kind = file?.kind ?? 'text';

  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => () => (file ? URL.revokeObjectURL(file.url) : undefined), [file]);

  const pick = (f: File | undefined) => {
    if (!f) return;
    const k = kindOf(f);
    if (!k) {
      setStatus(`“${f.name}” is not an image, video or audio file.`);
      return;
    }
    setFile({ file: f, kind: k, url: URL.createObjectURL(f) });
    setTask(TASKS[k][0]!.task);
    setEvidence(null);
    setStatus('');
  };
  const clearFile = () => {
    setFile(null);
    setTask('text.moderate');
    setEvidence(null);
  };

  const progress = (j: Job) => setStatus(`Job ${j.status}${j.progress ? ` (${j.progress}%)` : ''}…`);
  const submit = async (e: Event) => {
    e.preventDefault();
    abort.current?.abort();
    const controller = (abort.current = new AbortController());
    setBusy(true);
    setEvidence(null);
    try {
      let job: Job;
      if (!file) {
        if (!text.trim()) throw new Error('Type or paste some text, or choose a file.');
        setStatus('Moderating…');
        job = await moderateText(session, text, progress, controller.signal);
      } else {
        setStatus(`Uploading ${file.file.name}…`);
        const fileId = await uploadFile(session, file.file, controller.signal);
        setStatus('Queued…');
        job = await runJob(session, task, mediaInput(task, file.kind, fileId, { ocr }), progress, controller.signal);
      }
      if (job.status !== 'succeeded') throw new Error(job.error ? `${job.error.message} (${job.error.code})` : `the job ended ${job.status}`);
      setEvidence({ task: job.task, result: job.result, ...(file ? { mediaUrl: file.url } : { text }) });
      setStatus(`Done${job.id ? ` — job ${job.id}` : ''}.`);
    } catch (err) {
      if ((err as Error).name !== 'AbortError') setStatus(`Failed: ${describeError(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page playground">
      <h2>Playground</h2>
      <form class="playground-form" onSubmit={submit}>
        <div class="inputs">
          <label for="pg-text">Text</label>
          <textarea
            id="pg-text"
            rows={6}
            value={text}
            disabled={!!file}
            placeholder="Paste text to moderate"
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <div
            class={`dropzone${dragging ? ' dragging' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              pick(e.dataTransfer?.files[0]);
            }}
          >
            <label for="pg-file">…or drop an image, video or audio file here, or choose one</label>
            <input id="pg-file" type="file" accept="image/*,video/*,audio/*" onChange={(e) => pick(e.currentTarget.files?.[0])} />
            {file && (
              <p>
                {file.file.name} ({file.kind}, {(file.file.size / 1024).toFixed(0)} KB){' '}
                <button type="button" onClick={clearFile}>
                  Remove
                </button>
              </p>
            )}
          </div>
        </div>
        <div class="controls">
          <label for="pg-task">Task</label>
          <select id="pg-task" value={task} onChange={(e) => setTask(e.currentTarget.value)}>
            {TASKS[kind].map((t) => (
              <option key={t.task} value={t.task}>
                {t.label} ({t.task})
              </option>
            ))}
          </select>
          {task === 'image.moderate' && (
            <label class="check">
              <input type="checkbox" checked={ocr} onChange={(e) => setOcr(e.currentTarget.checked)} /> Also read text in the image (OCR)
            </label>
          )}
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Working…' : 'Moderate'}
          </button>
          <p role="status" aria-live="polite" class="status" data-testid="playground-status">
            {status}
          </p>
        </div>
      </form>
      {evidence && <ResultView evidence={evidence} canEditLists={true} />}
    </div>
  );
}
