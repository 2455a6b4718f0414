import { AppError } from './AppError.js';

/** A media URL could not be fetched: no answer, a non-2xx status, too many redirects or too slow. */
export class UrlFetchFailedError extends AppError {
  readonly code = 'url_fetch_failed';
  readonly status = 422;
}
