import { createHash, randomBytes } from 'node:crypto';
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { coalesceWrites } from '../src/redisWrites.js';
import { createRedis, LuaScript } from '../src/index.js';

const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test-conn-${randomBytes(4).toString('hex')}`;
afterAll(async () => {
  const found = await redis.keys(`${prefix}:*`);
  if (found.length) await redis.del(...found);
  await redis.quit();
});

/** A loopback server that keeps what each connection sent. */
async function sink(): Promise<{ server: Server; port: number; received: () => string }> {
  let data = '';
  const server = createServer((socket) => socket.on('data', (chunk) => (data += chunk.toString())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received: () => data };
}

describe('coalesceWrites', () => {
  it('sends what one turn of the event loop writes as one system write, in order, and each later turn as its own', async () => {
    const { server, port, received } = await sink();
    const socket = new Socket();
    await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));
    coalesceWrites(socket);
    coalesceWrites(socket); // a second call (a reconnect event seen twice) must not wrap twice
    const batches: number[] = [];
    const internals = socket as unknown as { _writev: (chunks: unknown[], cb: () => void) => void; _write: (...a: unknown[]) => void };
    const writev = internals._writev.bind(socket);
    const write = internals._write.bind(socket);
    internals._writev = (chunks, cb) => (batches.push(chunks.length), writev(chunks, cb));
    internals._write = (...a) => (batches.push(1), write(...a));

    socket.write('a');
    await Promise.resolve(); // a promise reaction of the same turn joins the batch
    socket.write('b');
    socket.write('c');
    await new Promise((r) => setImmediate(r));
    socket.write('d');
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 50));

    expect(batches).toEqual([3, 1]);
    expect(received()).toBe('abcd');
    socket.destroy();
    server.close();
  });

  it('keeps every reply with its command when hundreds go out together', async () => {
    const key = `${prefix}:counter`;
    const replies = await Promise.all(Array.from({ length: 500 }, () => redis.incr(key)));
    expect(replies).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    const values = await Promise.all(Array.from({ length: 50 }, (_, i) => redis.set(`${prefix}:k${i}`, String(i)).then(() => redis.get(`${prefix}:k${i}`))));
    expect(values).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
  });

  it('treats the socket of a reconnected connection the same way', async () => {
    const connection = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const streamOf = () => (connection as unknown as { stream: Socket }).stream;
    await connection.ping();
    const first = streamOf();
    expect(first.write).not.toBe(Socket.prototype.write);
    const id = await connection.client('ID');
    const reconnected = new Promise((resolve) => connection.once('ready', resolve));
    await redis.client('KILL', 'ID', String(id));
    await reconnected;
    expect(streamOf()).not.toBe(first);
    expect(streamOf().write).not.toBe(Socket.prototype.write);
    expect(await connection.ping()).toBe('PONG');
    connection.disconnect();
  });
});

describe('LuaScript', () => {
  it('loads a script Redis does not know by EVAL, then runs it by its SHA1', async () => {
    // A source no other test uses, so Redis cannot know it yet.
    const source = `-- ${prefix}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`;
    const script = new LuaScript(source, 1);
    const digest = createHash('sha1').update(source).digest('hex');
    expect(await redis.script('EXISTS', digest)).toEqual([0]);
    expect(await script.run(redis, `${prefix}:lua`, 2)).toBe(2);
    expect(await redis.script('EXISTS', digest)).toEqual([1]);
    expect(await script.run(redis, `${prefix}:lua`, 3)).toBe(5);
  });

  it('passes on errors other than a missing script', async () => {
    const script = new LuaScript(`return redis.error_reply('${prefix} broken')`, 0);
    await expect(script.run(redis)).rejects.toThrow(`${prefix} broken`);
  });
});
