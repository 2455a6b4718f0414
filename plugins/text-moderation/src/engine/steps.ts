/**
 * Long synchronous work written as a generator that yields where it may
 * pause: run at once where the caller needs the result now (a request's own
 * words), or in slices where a worker must keep serving jobs meanwhile (a
 * large lexicon reloading).
 */
export type Steps<T> = Generator<void, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs `steps`, letting the event loop turn whenever a slice has run `sliceMs` (0: at every pause). */
export async function runStepsInSlices<T>(steps: Steps<T>, sliceMs = 20): Promise<T> {
  let started = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - started >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      started = performance.now();
    }
  }
}
