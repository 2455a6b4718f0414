import { AppError } from './AppError.js';

/** A request names a model or classifier that is not installed on the workers. */
export class ModelNotInstalledError extends AppError {
  readonly code = 'model_not_installed';
  readonly status = 422;
}
