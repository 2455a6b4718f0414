import { AppError } from './AppError.js';

/**
 * A face collection holds vectors of another embedding model than the worker's;
 * vectors of different models cannot be compared, so the collection must be
 * re-enrolled (or searched by workers running its model).
 */
export class EmbeddingModelMismatchError extends AppError {
  readonly code = 'embedding_model_mismatch';
  readonly status = 409;
}
