import { AppError, InvalidExamplesError, NotFoundError, parseExamples, type ClassifierStore, type JobContext, type TaskInput, type TaskOutput } from '@crs/core';
import { trainInThread } from './trainThread.js';

/** Share of the progress bar the epochs take; reading the examples and storing the weights take the rest. */
const READ = 5;
const EPOCHS = 90;

/**
 * The `text.classifier.train` job: reads the examples stored when the
 * classifier was created, trains in a thread of its own, and stores the
 * weights with the held-out figures, which makes the classifier ready for
 * every worker at once (its tenant's classifier version moves). The examples
 * are deleted when the training ends, however it ends.
 */
export async function trainTenantClassifier(
  input: TaskInput<'text.classifier.train'>,
  ctx: JobContext,
  store: ClassifierStore,
): Promise<TaskOutput<'text.classifier.train'>> {
  const { tenant } = ctx;
  const { name, id } = input;
  ctx.signal.throwIfAborted();
  const record = await store.find(tenant, name);
  if (!record || record.id !== id) throw new NotFoundError(`no classifier ${name} waiting for this training: it was deleted`);
  if (!record.examplesFile) throw new InvalidExamplesError(`classifier ${name} has no examples left to train on: its training ended; create it again to retrain`);
  const started = performance.now();
  // Progress writes go one after another, and the last one before the outcome, so a late one never undoes it.
  let writes: Promise<unknown> = store.update(tenant, name, id, { status: 'training', progress: 0 });
  const report = (percent: number) => {
    writes = writes.then(() => Promise.all([ctx.progress(percent), store.update(tenant, name, id, { progress: percent })])).catch(() => undefined);
  };
  try {
    await writes;
    const found = await ctx.blobs.get(tenant, record.examplesFile);
    if (!found) throw new InvalidExamplesError(`the examples of classifier ${name} are gone (past the retention period); create it again`);
    const examples = parseExamples(found.bytes);
    report(READ);
    const trained = await trainInThread({ name, examples }, { signal: ctx.signal, onProgress: (fraction) => report(Math.round(READ + EPOCHS * fraction)) });
    await writes;
    const stored = await store.update(tenant, name, id, { status: 'ready', progress: 100, figures: trained.figures, error: null, examplesFile: null }, trained.file);
    if (!stored) throw new NotFoundError(`classifier ${name} was deleted while it trained`);
    return { name, figures: trained.figures, bytes: trained.file.length, seconds: Math.round((performance.now() - started) / 10) / 100 };
  } catch (err) {
    await writes;
    // The record says why in the caller's terms; anything unexpected stays in the worker's log.
    const error = err instanceof AppError ? { code: err.code, message: err.message } : { code: 'internal_error', message: 'training failed; see the training job' };
    await store.update(tenant, name, id, { status: 'failed', error, examplesFile: null }).catch(() => undefined);
    throw err;
  } finally {
    await ctx.blobs.delete(tenant, record.examplesFile).catch(() => false);
  }
}
