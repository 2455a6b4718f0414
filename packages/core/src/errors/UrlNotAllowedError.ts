import { AppError } from './AppError.js';

/** A URL points at a scheme or address the service refuses to contact (SSRF protection). */
export class UrlNotAllowedError extends AppError {
  readonly code = 'url_not_allowed';
  readonly status = 422;
}
