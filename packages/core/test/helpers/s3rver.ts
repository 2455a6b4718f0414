import { fork } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

const PROCESS = fileURLToPath(new URL('s3rverProcess.mjs', import.meta.url));

/**
 * A real S3-compatible server (s3rver) on loopback for one test file, with one bucket, and an S3
 * client for it (s3rver's own key pair).
 */
export async function startS3rver(bucket = 'media') {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-s3rver-'));
  const child = fork(PROCESS, { env: { ...process.env, S3RVER_DIR: directory, S3RVER_BUCKET: bucket }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const [{ port }] = (await Promise.race([once(child, 'message'), once(child, 'exit').then(() => Promise.reject(new Error('s3rver did not start')))])) as [{ port: number }];
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    client,
    /** Every key in the bucket. */
    async keys(): Promise<string[]> {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.NextContinuationToken;
      } while (token);
      return keys;
    },
    async close() {
      client.destroy();
      child.disconnect();
      if (child.exitCode === null) await once(child, 'exit');
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
