import { move, transferableSymbol, valueSymbol } from 'piscina';
import { AppError } from '@crs/core/errors';
import * as tasks from './rasterTasks.js';
import { ownedBuffers, revive, type ThreadFailure, type ThreadResult } from './threadData.js';

/*
 * The worker thread's side of the raster pool (rasterPool.ts): each export is
 * one task of rasterTasks.ts. Results go back transferred, not copied; errors
 * go back as data, since structured cloning would keep only their message and
 * the caller needs their class and code.
 */

function failure(err: unknown): ThreadFailure {
  if (err instanceof AppError) return { failed: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
  return { failed: { message: err instanceof Error ? err.message : String(err) } };
}

async function settle<T>(work: () => T | Promise<T>): Promise<ThreadResult<T> | ThreadFailure> {
  try {
    const value = await work();
    return move({ [transferableSymbol]: ownedBuffers(value), [valueSymbol]: { value } }) as unknown as ThreadResult<T>;
  } catch (err) {
    return failure(err);
  }
}

export const prepareMask = (req: tasks.MaskRequest) => settle(() => tasks.prepareMask(req));
export const classicalFill = (req: tasks.ClassicalRequest) => settle(() => tasks.classicalFill(revive(req)));
export const modelInput = (req: tasks.ModelInputRequest) => settle(() => tasks.modelInput(revive(req)));
export const modelOutput = (req: tasks.ModelOutputRequest) => settle(() => tasks.modelOutput(req));
export const blend = (req: tasks.BlendRequest) => settle(() => tasks.blend(revive(req)));
export const warm = () => settle(() => tasks.warm());
