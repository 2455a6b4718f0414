/**
 * What a test needs from the machine, and what happens when it is missing.
 *
 * A test never skips in silence: a skipped suite says in its title what it
 * needs. Under `CI=true` a missing requirement fails the run instead, unless it
 * is one CI cannot have (a model that is not in the repository and cannot be
 * downloaded offline): CI installs everything else or the repository ships it,
 * so a skip there would hide a broken set-up.
 */
export interface Requirement {
  /** Whether the suite must be skipped here. */
  readonly skip: boolean;
  /** The suite's title, with the reason when it is skipped. */
  title(name: string): string;
}

export interface RequirementOptions {
  /** CI cannot have it either (speech recognition, LaMa): skipping there is allowed, saying so. */
  unavailableInCi?: boolean;
  /** Environment to read `CI` from (tests of this helper pass their own). */
  env?: NodeJS.ProcessEnv;
  /** Where the skip is reported besides the title (stderr unless given). */
  report?: (line: string) => void;
}

export function requires(available: boolean, what: string, options: RequirementOptions = {}): Requirement {
  if (available) return { skip: false, title: (name) => name };
  const env = options.env ?? process.env;
  if (env.CI === 'true' && !options.unavailableInCi) {
    throw new Error(`CI must provide ${what}: .ci/run installs it or the repository ships it, so this test may not skip`);
  }
  const reason = options.unavailableInCi ? `${what} is not installed (not in the repository, cannot be had offline)` : `${what} is not installed`;
  (options.report ?? ((line) => process.stderr.write(`${line}\n`)))(`skipped: ${reason}`);
  return { skip: true, title: (name) => `${name} [skipped: ${reason}]` };
}

/** Several requirements at once: skipped when any is missing, naming each that is. */
export function requiresAll(...parts: Requirement[]): Requirement {
  const missing = parts.filter((p) => p.skip);
  if (!missing.length) return { skip: false, title: (name) => name };
  return { skip: true, title: (name) => missing.reduce((t, p) => p.title(t), name) };
}
