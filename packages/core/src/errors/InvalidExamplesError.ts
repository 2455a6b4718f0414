import { AppError } from './AppError.js';

/** A classifier's labelled examples cannot train it: too few, one label only, or a line of the examples file that is not an example. */
export class InvalidExamplesError extends AppError {
  readonly code = 'invalid_examples';
  readonly status = 400;
}
