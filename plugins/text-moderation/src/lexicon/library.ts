import type { Logger } from '@crs/core';
import { compileLexiconInSlices, type CompileOptions, type Matcher } from './compile.js';
import { BUILT_IN_LEXICON_DIR, listLexiconFiles, mergeLexiconFiles, readLexiconFiles } from './files.js';

export interface LexiconLibraryOptions extends CompileOptions {
  /** The operator's lexicon directory (`LEXICON_DIR`); may not exist. */
  dir: string;
  builtInDir?: string;
  logger: Logger;
}

/**
 * The file lexicons of this process: built-in and operator files compiled into
 * one automaton. `refresh` rebuilds only when a file changed, and swaps the
 * automaton in one assignment, so jobs in flight keep the one they started
 * with. A broken file at start-up stops the worker; a broken file on reload
 * keeps the previous version and logs why.
 */
export class LexiconLibrary {
  private current: Matcher | null = null;
  private stamp = '';
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly options: LexiconLibraryOptions) {}

  get matcher(): Matcher {
    if (!this.current) throw new Error('lexicons used before they were loaded');
    return this.current;
  }

  /** Loads or reloads; resolves to whether a new version was compiled. */
  async refresh(): Promise<boolean> {
    const files = mergeLexiconFiles(
      await listLexiconFiles(this.options.builtInDir ?? BUILT_IN_LEXICON_DIR),
      await listLexiconFiles(this.options.dir),
    );
    const stamp = files.map((f) => `${f.file}=${f.stamp}`).join('|');
    if (this.current && stamp === this.stamp) return false;
    const started = Date.now();
    const entries = await readLexiconFiles(files);
    this.current = await compileLexiconInSlices(entries, this.options);
    this.stamp = stamp;
    this.options.logger.info(
      { lexicons: files.map((f) => f.name), terms: entries.length, ms: Date.now() - started },
      'lexicons loaded',
    );
    return true;
  }

  /** Checks the files every `intervalMs` (0: never). */
  watch(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.refreshing ??= this.refresh()
        .catch((err: unknown) =>
          this.options.logger.error({ err }, 'lexicon reload failed; the previous version stays in use'),
        )
        .then(() => undefined)
        .finally(() => (this.refreshing = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.refreshing;
    this.current = null;
  }
}
