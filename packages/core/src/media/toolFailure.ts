import { CorruptMediaError, InternalError } from '../errors/index.js';
import { ToolError } from './runTool.js';

/**
 * What the caller is told when ffmpeg or ffprobe fails on their file. The tool's
 * own words name the binary's path, the file's path on disk and stderr, so they
 * stay in `cause` (which the worker logs) and never reach the message. `what`
 * names the input ("video", "audio"); an aborted run stays aborted.
 */
export function mediaToolFailure(err: unknown, what: string): Error {
  if (!(err instanceof ToolError)) {
    return new CorruptMediaError(`the ${what} could not be decoded: the file is truncated or not a supported container`, { cause: err });
  }
  switch (err.kind) {
    case 'aborted':
      return err;
    case 'spawn':
      // The worker's fault, not the file's: another attempt (maybe on another worker) may succeed.
      return new InternalError(`the ${what} decoder could not be started on this worker`, { cause: err });
    case 'timeout':
      return new CorruptMediaError(`the ${what} could not be decoded in the time allowed: send a shorter or smaller file`, { cause: err });
    case 'output':
      return new CorruptMediaError(`the ${what} could not be decoded: it holds more data than the service reads`, { cause: err });
    case 'exit':
      return new CorruptMediaError(`the ${what} could not be decoded: the file is truncated or not a supported container`, { cause: err });
  }
}
