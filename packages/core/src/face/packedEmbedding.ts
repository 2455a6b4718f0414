/**
 * One Redis hash value per face: the subject id, then the vector as float32
 * little-endian. Keeping both in one value lets a worker load a collection's
 * whole index with a single HGETALL.
 */
export function packEmbedding(subjectId: string, vector: Float32Array): Buffer {
  const id = Buffer.from(subjectId, 'utf8');
  if (id.length > 255) throw new Error('subject id too long to pack');
  const out = Buffer.alloc(1 + id.length + vector.length * 4);
  out[0] = id.length;
  id.copy(out, 1);
  for (let i = 0; i < vector.length; i++) out.writeFloatLE(vector[i]!, 1 + id.length + i * 4);
  return out;
}

export function unpackEmbedding(packed: Buffer): { subjectId: string; vector: Float32Array } {
  const idLength = packed[0]!;
  const subjectId = packed.toString('utf8', 1, 1 + idLength);
  const start = 1 + idLength;
  const vector = new Float32Array((packed.length - start) / 4);
  for (let i = 0; i < vector.length; i++) vector[i] = packed.readFloatLE(start + i * 4);
  return { subjectId, vector };
}
