import { describe, expect, it } from 'vitest';
import { mediaToolFailure, runTool, ToolError } from '../src/index.js';

describe('runTool', () => {
  it('kills a hung tool at its deadline', async () => {
    const started = Date.now();
    await expect(runTool('/bin/sleep', ['30'], { timeoutMs: 200 })).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stops when the job is aborted, even before it starts', async () => {
    const controller = new AbortController();
    const pending = runTool('/bin/sleep', ['30'], { timeoutMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    await expect(runTool('/bin/sleep', ['30'], { timeoutMs: 10_000, signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('reports a crash with the end of stderr, and a missing binary', async () => {
    await expect(runTool('/bin/sh', ['-c', 'echo "moov atom not found" >&2; exit 1'], { timeoutMs: 5_000 })).rejects.toMatchObject({
      kind: 'exit',
      message: expect.stringContaining('moov atom not found'),
    });
    await expect(runTool('/nonexistent/ffmpeg', [], { timeoutMs: 5_000 })).rejects.toMatchObject({ kind: 'spawn' });
  });

  it('refuses runaway output', async () => {
    await expect(runTool('/bin/sh', ['-c', 'head -c 100000 /dev/zero'], { timeoutMs: 5_000, maxOutputBytes: 1_000 })).rejects.toMatchObject({ kind: 'output' });
  });
});

describe('mediaToolFailure', () => {
  const failureOf = (binary: string, args: string[], options: { timeoutMs: number; maxOutputBytes?: number }) =>
    runTool(binary, args, options).then(
      () => {
        throw new Error('the tool was expected to fail');
      },
      (err: unknown) => mediaToolFailure(err, 'video'),
    );

  it('tells the caller what went wrong with the file, keeping the tool\'s words (paths, stderr) in the cause only', async () => {
    const cases: [Promise<Error>, string, RegExp][] = [
      [failureOf('/bin/sh', ['-c', 'echo "/srv/blobs/f_1: moov atom not found" >&2; exit 1'], { timeoutMs: 5_000 }), 'corrupt_media', /truncated or not a supported container/],
      [failureOf('/bin/sleep', ['30'], { timeoutMs: 100 }), 'corrupt_media', /in the time allowed/],
      [failureOf('/bin/sh', ['-c', 'head -c 100000 /dev/zero'], { timeoutMs: 5_000, maxOutputBytes: 1_000 }), 'corrupt_media', /more data/],
      [failureOf('/nonexistent/ffmpeg', [], { timeoutMs: 5_000 }), 'internal_error', /could not be started/],
    ];
    for (const [pending, code, message] of cases) {
      const err = await pending;
      expect(err).toMatchObject({ code, message: expect.stringMatching(message) });
      expect(err.message).not.toContain('/');
      expect(err.cause).toBeInstanceOf(ToolError);
    }
  });

  it('leaves an aborted run aborted', async () => {
    const aborted = new ToolError('aborted', 'aborted');
    expect(mediaToolFailure(aborted, 'audio')).toBe(aborted);
  });
});
