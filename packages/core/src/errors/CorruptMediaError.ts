import { AppError } from './AppError.js';

/** The file has a known type but cannot be decoded (truncated, damaged). */
export class CorruptMediaError extends AppError {
  readonly code = 'corrupt_media';
  readonly status = 422;
}
