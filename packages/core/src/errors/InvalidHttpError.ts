import { AppError } from './AppError.js';

/** Bytes that Node's HTTP parser refuses: bad chunking, conflicting lengths, characters HTTP does not allow. */
export class InvalidHttpError extends AppError {
  readonly code = 'invalid_http';
  readonly status = 400;
}
