import { AppError } from './AppError.js';

/** The request line and headers together pass Node's header size limit. */
export class HeadersTooLargeError extends AppError {
  readonly code = 'headers_too_large';
  readonly status = 431;
}
