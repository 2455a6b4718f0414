// The baseline's worker: a bare BullMQ Worker that answers at once, so the round trip
// measures BullMQ and Redis alone. Started by sync.mjs as its own process, like the real worker.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const connection = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null });
const worker = new Worker(process.env.QUEUE, async () => ({ verdict: 'pass' }), {
  connection,
  prefix: process.env.PREFIX,
  concurrency: Number(process.env.CONCURRENCY),
});
await worker.waitUntilReady();
process.send?.('ready');
process.on('SIGTERM', () => worker.close().then(() => connection.quit()).finally(() => process.exit(0)));
