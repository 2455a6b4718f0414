import { AppError } from './AppError.js';

/** A size limit of a stored resource (faces in a collection, collections per tenant) would be passed. */
export class LimitExceededError extends AppError {
  readonly code = 'limit_exceeded';
  readonly status = 422;
}
