import { AppError } from './AppError.js';

/** The media's duration is zero, unknown, or longer than the configured maximum. */
export class MediaDurationError extends AppError {
  readonly code = 'invalid_duration';
  readonly status = 422;
}
