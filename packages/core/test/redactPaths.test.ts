import { describe, expect, it } from 'vitest';
import { decodeFailure, encodeFailure, CorruptMediaError, redactPaths } from '../src/index.js';

describe('redactPaths', () => {
  it.each([
    [
      'the video cannot be read: /srv/app/node_modules/@ffprobe-installer/linux-x64/ffprobe exited with 1: /var/lib/crs/blobs/t_acme/f_1: Invalid data',
      'the video cannot be read: [path] exited with 1: [path]: Invalid data',
    ],
    ["ENOENT: no such file or directory, open '/tmp/crs-media-x/in.mp4'", "ENOENT: no such file or directory, open '[path]'"],
    ['model (/opt/models/asr/x/model.onnx) could not be loaded', 'model ([path]) could not be loaded'],
    ['path=/home/crs/data/file.bin, retry', 'path=[path], retry'],
    ['at C:\\crs\\blobs\\f_1 failed', 'at [path] failed'],
    ['trailing slash /usr/share/pocketsphinx/', 'trailing slash [path]'],
  ])('redacts %j', (message, expected) => {
    expect(redactPaths(message)).toBe(expected);
  });

  it.each([
    'the file holds image/png; this accepts videos',
    'upload it with POST /v1/files first',
    'could not fetch https://media.example/a/b.mp4: HTTP 404',
    'the frame at 1/2 of the video',
    'see /readyz',
  ])('leaves %j as it is', (message) => {
    expect(redactPaths(message)).toBe(message);
  });

  it("keeps what the caller sent, such as the request's own path", () => {
    expect(redactPaths('no route GET /admin/x/y', ['/admin/x/y'])).toBe('no route GET /admin/x/y');
    expect(redactPaths('no route GET /admin/x/y')).toBe('no route GET [path]');
  });
});

describe('decodeFailure', () => {
  it('gives callers the code and a message without server paths', () => {
    const reason = encodeFailure(new CorruptMediaError('the video cannot be read: /srv/bin/ffprobe exited with 1: /srv/blobs/t_a/f_1: moov atom not found'));
    expect(decodeFailure(reason)).toEqual({ code: 'corrupt_media', message: 'the video cannot be read: [path] exited with 1: [path]: moov atom not found' });
    expect(decodeFailure("Error: EACCES: permission denied, open '/srv/blobs/x'")).toEqual({
      code: 'internal_error',
      message: "Error: EACCES: permission denied, open '[path]'",
    });
  });
});
