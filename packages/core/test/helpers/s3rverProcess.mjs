// s3rver, an S3-compatible server from npm, in a process of its own (so its memory is not the
// test's) on loopback, keeping its objects in the directory it is given. Sends its port over IPC.
import S3rver from 's3rver';

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: process.env.S3RVER_DIR,
  configureBuckets: [{ name: process.env.S3RVER_BUCKET }],
});
const { port } = await server.run();
process.send({ port });
process.on('disconnect', () => server.close().finally(() => process.exit(0)));
