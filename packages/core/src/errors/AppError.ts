export interface AppErrorOptions {
  cause?: unknown;
  /** Extra machine-readable context returned to the caller (never secrets or user content). */
  details?: Record<string, unknown>;
}

/**
 * Base of every error the service reports to a caller. `code` is part of the
 * public contract: clients branch on it, so it never changes once shipped.
 * `retryable` tells the worker whether another attempt could succeed.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly retryable: boolean = false;
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details;
  }

  toJSON(): { code: string; message: string; details?: Record<string, unknown> } {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}
