import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  AlreadyExistsError,
  EmbeddingModelMismatchError,
  LimitExceededError,
  NotFoundError,
  ServiceUnavailableError,
} from '../errors/index.js';
import type { RedisKeys } from '../keys.js';
import { LuaScript } from '../luaScript.js';
import { packEmbedding, unpackEmbedding } from './packedEmbedding.js';
import {
  collectionSchema,
  faceRecordSchema,
  MAX_COLLECTIONS_PER_TENANT,
  MAX_FACES_PER_COLLECTION,
  MAX_FACES_PER_SUBJECT,
  subjectSchema,
  type CreateCollection,
  type CreateSubject,
  type FaceCollection,
  type FaceRecord,
  type FaceSubject,
  type UpdateCollection,
  type WatchlistModeration,
} from './schemas.js';

/** A collection that carries a moderation category, as image moderation checks faces against it. */
export interface Watchlist {
  id: string;
  moderation: WatchlistModeration;
}

/** A collection's vectors as a worker's index loads them. */
export interface CollectionVectors {
  version: number;
  model: string | null;
  faceIds: string[];
  subjectIds: string[];
  vectors: Float32Array[];
}

export interface NewFace {
  record: FaceRecord;
  model: string;
  embedding: Float32Array;
  /** The aligned crop, kept only when the collection keeps images. */
  image?: Buffer;
}

// Checks and writes in one step, so a face never lands in a collection or
// subject deleted a moment before, and the limits hold under concurrent adds.
const ADD_FACE = new LuaScript(
  `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 'no_collection' end
if redis.call('HEXISTS', KEYS[3], ARGV[2]) == 0 then return 'no_subject' end
local model = redis.call('GET', KEYS[2])
if model and model ~= ARGV[4] then return 'model:' .. model end
if redis.call('HLEN', KEYS[5]) >= tonumber(ARGV[8]) then return 'collection_full' end
if redis.call('SCARD', KEYS[4]) >= tonumber(ARGV[9]) then return 'subject_full' end
redis.call('SET', KEYS[2], ARGV[4])
redis.call('HSET', KEYS[5], ARGV[3], ARGV[5])
redis.call('HSET', KEYS[6], ARGV[3], ARGV[6])
if ARGV[7] ~= '' then redis.call('HSET', KEYS[7], ARGV[3], ARGV[7]) end
redis.call('SADD', KEYS[4], ARGV[3])
redis.call('INCR', KEYS[8])
return 'ok'
`,
  8,
);

// The subject's faces are read inside the script, so a face added a moment
// before the delete goes with it instead of staying behind, searchable.
const DELETE_SUBJECT = new LuaScript(
  `
local ids = redis.call('SMEMBERS', KEYS[2])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
for i = 1, #ids, 500 do
  local batch = {unpack(ids, i, math.min(i + 499, #ids))}
  redis.call('HDEL', KEYS[3], unpack(batch))
  redis.call('HDEL', KEYS[4], unpack(batch))
  redis.call('HDEL', KEYS[5], unpack(batch))
end
redis.call('INCR', KEYS[6])
return #ids
`,
  6,
);

// Every key a script touches is passed in KEYS (Redis Cluster routes a script
// by its keys, and builds no key names for it), so the subjects' face sets come
// from the caller: KEYS[9..] are the sets of the subjects named in ARGV[2..],
// in order. The script checks that list against the subjects it finds; a
// subject created in between makes it change nothing and answer -1, and the
// caller reads the subjects again. So a face added a moment before the delete
// still goes with it. The version key goes too: a worker's cached index then
// finds version 0, which no live collection has (see createCollection), and reloads.
const DELETE_COLLECTION = new LuaScript(
  `
local subjects = redis.call('HKEYS', KEYS[3])
if #subjects ~= #ARGV - 1 then return -1 end
local given = {}
for i = 2, #ARGV do given[ARGV[i]] = true end
for _, s in ipairs(subjects) do
  if not given[s] then return -1 end
end
for i = 9, #KEYS, 500 do redis.call('UNLINK', unpack(KEYS, i, math.min(i + 499, #KEYS))) end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('UNLINK', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7])
redis.call('INCR', KEYS[8])
return #subjects
`,
  'variable',
);

// Read, change and write the collection's description in one step, so two
// changes at once cannot undo each other, and bump the tenant's watchlist
// version with it: workers reload the tenant's watchlists from the next job.
// ARGV[2] is the new name ('' keeps it), ARGV[3] the moderation as JSON,
// 'null' to remove it, '' to keep it.
const UPDATE_COLLECTION = new LuaScript(
  `
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return false end
local c = cjson.decode(json)
if ARGV[2] ~= '' then c.name = ARGV[2] end
if ARGV[3] == 'null' then c.moderation = nil elseif ARGV[3] ~= '' then c.moderation = cjson.decode(ARGV[3]) end
json = cjson.encode(c)
redis.call('HSET', KEYS[1], ARGV[1], json)
redis.call('INCR', KEYS[2])
return json
`,
  2,
);

/** Attempts at deleting a collection while subjects are being added to it, before giving up. */
const DELETE_COLLECTION_ATTEMPTS = 10;

/**
 * Each tenant's face library in Redis: collections → subjects → faces. Only
 * embeddings and metadata are kept (and a face crop where the collection asks
 * for it). Deletes remove every trace at once: there is no soft delete of
 * personal data.
 */
export class FaceLibrary {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /**
   * The keys a change to one subject touches, in the order DELETE_SUBJECT
   * takes them as KEYS[1..6] and ADD_FACE as KEYS[3..8].
   */
  private subjectKeys(tenant: string, c: string, s: string): string[] {
    const k = this.keys;
    return [k.faceSubjects(tenant, c), k.faceSubjectFaces(tenant, c, s), k.faceRecords(tenant, c), k.faceEmbeddings(tenant, c), k.faceImages(tenant, c), k.faceVersion(tenant, c)];
  }

  /** 404 unless the tenant has this collection; one read, for callers that need nothing else of it. */
  private async requireCollection(tenant: string, c: string): Promise<void> {
    if (!(await this.redis.hexists(this.keys.faceCollections(tenant), c))) throw new NotFoundError(`no face collection ${c}`);
  }

  /** 404 unless the tenant has the collection and the subject in it. */
  async requireSubject(tenant: string, c: string, s: string): Promise<void> {
    await this.requireCollection(tenant, c);
    if (!(await this.redis.hexists(this.keys.faceSubjects(tenant, c), s))) throw new NotFoundError(`no subject ${s} in face collection ${c}`);
  }

  async createCollection(tenant: string, input: CreateCollection): Promise<FaceCollection> {
    const collection: FaceCollection = {
      id: input.id,
      ...(input.name ? { name: input.name } : {}),
      retainImages: input.retainImages,
      ...(input.moderation ? { moderation: input.moderation } : {}),
      model: null,
      createdAt: new Date().toISOString(),
    };
    const key = this.keys.faceCollections(tenant);
    if ((await this.redis.hlen(key)) >= MAX_COLLECTIONS_PER_TENANT) {
      throw new LimitExceededError(`a tenant has at most ${MAX_COLLECTIONS_PER_TENANT} face collections; delete one first`);
    }
    if (!(await this.redis.hsetnx(key, input.id, JSON.stringify(collection)))) {
      throw new AlreadyExistsError(`face collection ${input.id} exists already`);
    }
    // Versions start at a random point, so a collection deleted and made again under the same id
    // does not take up the old one's version numbers, and a worker's cached index of the old one
    // cannot pass for current. (Counting on from the old version would mean keeping its key after the delete.)
    await this.redis.set(this.keys.faceVersion(tenant, input.id), randomInt(1, 2 ** 47), 'NX');
    if (input.moderation) await this.redis.incr(this.keys.faceWatchVersion(tenant));
    return collection;
  }

  /** Renames a collection, or makes it a watchlist, changes its category or level, or (`moderation: null`) stops that. */
  async updateCollection(tenant: string, c: string, change: UpdateCollection): Promise<FaceCollection & { subjects: number; faces: number }> {
    const moderation = change.moderation === undefined ? '' : change.moderation === null ? 'null' : JSON.stringify(change.moderation);
    const json = (await UPDATE_COLLECTION.run(this.redis, this.keys.faceCollections(tenant), this.keys.faceWatchVersion(tenant), c, change.name ?? '', moderation)) as string | null;
    if (!json) throw new NotFoundError(`no face collection ${c}`);
    return this.getCollection(tenant, c);
  }

  /** Changes whenever the tenant's watchlists may have; 0 while it never had one. */
  async watchVersion(tenant: string): Promise<number> {
    return Number((await this.redis.get(this.keys.faceWatchVersion(tenant))) ?? 0);
  }

  /** The tenant's watchlists with the version they belong to (read first, so a change made meanwhile is seen next time). */
  async watchlists(tenant: string): Promise<{ version: number; watchlists: Watchlist[] }> {
    const version = await this.watchVersion(tenant);
    const all = Object.values(await this.redis.hgetall(this.keys.faceCollections(tenant))).map((j) => collectionSchema.parse(JSON.parse(j)));
    const watchlists = all.flatMap((c) => (c.moderation ? [{ id: c.id, moderation: c.moderation }] : []));
    return { version, watchlists: watchlists.sort((a, b) => a.id.localeCompare(b.id)) };
  }

  async listCollections(tenant: string): Promise<(FaceCollection & { subjects: number; faces: number })[]> {
    const all = Object.values(await this.redis.hgetall(this.keys.faceCollections(tenant))).map((j) =>
      collectionSchema.parse(JSON.parse(j)),
    );
    const pipeline = this.redis.pipeline();
    for (const c of all) {
      pipeline.hlen(this.keys.faceSubjects(tenant, c.id));
      pipeline.hlen(this.keys.faceRecords(tenant, c.id));
      pipeline.get(this.keys.faceModel(tenant, c.id));
    }
    const counts = (await pipeline.exec()) ?? [];
    return all
      .map((c, i) => ({
        ...c,
        model: (counts[i * 3 + 2]?.[1] as string | null) ?? null,
        subjects: Number(counts[i * 3]?.[1] ?? 0),
        faces: Number(counts[i * 3 + 1]?.[1] ?? 0),
      }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async getCollection(tenant: string, c: string): Promise<FaceCollection & { subjects: number; faces: number }> {
    const [json, subjects, faces, model] = await Promise.all([
      this.redis.hget(this.keys.faceCollections(tenant), c),
      this.redis.hlen(this.keys.faceSubjects(tenant, c)),
      this.redis.hlen(this.keys.faceRecords(tenant, c)),
      this.redis.get(this.keys.faceModel(tenant, c)),
    ]);
    if (!json) throw new NotFoundError(`no face collection ${c}`);
    return { ...collectionSchema.parse(JSON.parse(json)), model, subjects, faces };
  }

  /** Removes the collection with every subject, embedding and image in it, in one step. */
  async deleteCollection(tenant: string, c: string): Promise<void> {
    await this.requireCollection(tenant, c);
    const fixed = [
      this.keys.faceCollections(tenant),
      this.keys.faceModel(tenant, c),
      this.keys.faceSubjects(tenant, c),
      this.keys.faceRecords(tenant, c),
      this.keys.faceEmbeddings(tenant, c),
      this.keys.faceImages(tenant, c),
      this.keys.faceVersion(tenant, c),
      this.keys.faceWatchVersion(tenant),
    ];
    for (let attempt = 0; attempt < DELETE_COLLECTION_ATTEMPTS; attempt++) {
      const subjects = await this.redis.hkeys(this.keys.faceSubjects(tenant, c));
      const subjectSets = subjects.map((s) => this.keys.faceSubjectFaces(tenant, c, s));
      const keys = [...fixed, ...subjectSets];
      const removed = (await DELETE_COLLECTION.runWithKeys(this.redis, keys, [c, ...subjects])) as number;
      if (removed >= 0) return;
    }
    throw new ServiceUnavailableError(`face collection ${c} kept gaining subjects while it was being deleted; try again`);
  }

  async createSubject(tenant: string, c: string, input: CreateSubject): Promise<FaceSubject> {
    await this.requireCollection(tenant, c);
    const subject: FaceSubject = {
      id: input.id,
      ...(input.name ? { name: input.name } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
      createdAt: new Date().toISOString(),
    };
    if (!(await this.redis.hsetnx(this.keys.faceSubjects(tenant, c), input.id, JSON.stringify(subject)))) {
      throw new AlreadyExistsError(`subject ${input.id} exists already in face collection ${c}`);
    }
    return subject;
  }

  async listSubjects(tenant: string, c: string): Promise<(FaceSubject & { faces: number })[]> {
    await this.requireCollection(tenant, c);
    const all = Object.values(await this.redis.hgetall(this.keys.faceSubjects(tenant, c))).map((j) =>
      subjectSchema.parse(JSON.parse(j)),
    );
    const pipeline = this.redis.pipeline();
    for (const s of all) pipeline.scard(this.keys.faceSubjectFaces(tenant, c, s.id));
    const counts = (await pipeline.exec()) ?? [];
    return all.map((s, i) => ({ ...s, faces: Number(counts[i]?.[1] ?? 0) })).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async getSubject(tenant: string, c: string, s: string): Promise<FaceSubject & { faces: FaceRecord[] }> {
    await this.requireCollection(tenant, c);
    const json = await this.redis.hget(this.keys.faceSubjects(tenant, c), s);
    if (!json) throw new NotFoundError(`no subject ${s} in face collection ${c}`);
    return { ...subjectSchema.parse(JSON.parse(json)), faces: await this.listFaces(tenant, c, s) };
  }

  /** Removes the subject and every face of it, in one step. */
  async deleteSubject(tenant: string, c: string, s: string): Promise<number> {
    await this.requireSubject(tenant, c, s);
    return (await DELETE_SUBJECT.run(
      this.redis,
      ...this.subjectKeys(tenant, c, s),
      s,
    )) as number;
  }

  async addFace(tenant: string, face: NewFace): Promise<FaceRecord> {
    const { record } = face;
    const c = record.collection;
    const s = record.subjectId;
    const outcome = (await ADD_FACE.run(
      this.redis,
      this.keys.faceCollections(tenant),
      this.keys.faceModel(tenant, c),
      ...this.subjectKeys(tenant, c, s),
      c,
      s,
      record.id,
      face.model,
      JSON.stringify(record),
      packEmbedding(s, face.embedding),
      face.image ?? '',
      MAX_FACES_PER_COLLECTION,
      MAX_FACES_PER_SUBJECT,
    )) as string;
    if (outcome === 'ok') return record;
    if (outcome === 'no_collection') throw new NotFoundError(`no face collection ${c}`);
    if (outcome === 'no_subject') throw new NotFoundError(`no subject ${s} in face collection ${c}; create it first`);
    if (outcome === 'collection_full') {
      throw new LimitExceededError(`face collection ${c} holds ${MAX_FACES_PER_COLLECTION} faces, the most exact search serves; use another collection`);
    }
    if (outcome === 'subject_full') throw new LimitExceededError(`subject ${s} has ${MAX_FACES_PER_SUBJECT} faces, the most one subject may have`);
    throw new EmbeddingModelMismatchError(
      `face collection ${c} holds vectors of model ${outcome.slice('model:'.length)}, this worker embeds with ${face.model}`,
    );
  }

  async listFaces(tenant: string, c: string, s: string): Promise<FaceRecord[]> {
    const ids = await this.redis.smembers(this.keys.faceSubjectFaces(tenant, c, s));
    if (!ids.length) return [];
    const json = await this.redis.hmget(this.keys.faceRecords(tenant, c), ...ids);
    return json
      .filter((j): j is string => Boolean(j))
      .map((j) => faceRecordSchema.parse(JSON.parse(j)))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** A face of the subject. */
  async getFace(tenant: string, c: string, s: string, faceId: string): Promise<FaceRecord> {
    const json = await this.redis.hget(this.keys.faceRecords(tenant, c), faceId);
    const face = json ? faceRecordSchema.parse(JSON.parse(json)) : null;
    if (!face || face.subjectId !== s) throw new NotFoundError(`no face ${faceId} of subject ${s} in face collection ${c}`);
    return face;
  }

  /** The face's crop, or null when its collection does not keep them. */
  async getFaceImage(tenant: string, c: string, s: string, faceId: string): Promise<Buffer | null> {
    await this.getFace(tenant, c, s, faceId);
    return this.redis.hgetBuffer(this.keys.faceImages(tenant, c), faceId);
  }

  async deleteFace(tenant: string, c: string, s: string, faceId: string): Promise<void> {
    await this.getFace(tenant, c, s, faceId);
    await this.redis
      .multi()
      .srem(this.keys.faceSubjectFaces(tenant, c, s), faceId)
      .hdel(this.keys.faceRecords(tenant, c), faceId)
      .hdel(this.keys.faceEmbeddings(tenant, c), faceId)
      .hdel(this.keys.faceImages(tenant, c), faceId)
      .incr(this.keys.faceVersion(tenant, c))
      .exec();
  }

  /** One stored vector, for comparing an image with a known face. */
  async embedding(tenant: string, c: string, faceId: string): Promise<{ subjectId: string; vector: Float32Array; model: string | null }> {
    const [packed, model] = await Promise.all([
      this.redis.hgetBuffer(this.keys.faceEmbeddings(tenant, c), faceId),
      this.redis.get(this.keys.faceModel(tenant, c)),
    ]);
    if (!packed) throw new NotFoundError(`no face ${faceId} in face collection ${c}`);
    return { ...unpackEmbedding(packed), model };
  }

  async version(tenant: string, c: string): Promise<number> {
    return Number((await this.redis.get(this.keys.faceVersion(tenant, c))) ?? 0);
  }

  /** Every vector of the collection with the version they belong to, read in one transaction. */
  async vectors(tenant: string, c: string): Promise<CollectionVectors> {
    const replies = (await this.redis
      .multi()
      .hexists(this.keys.faceCollections(tenant), c)
      .get(this.keys.faceVersion(tenant, c))
      .get(this.keys.faceModel(tenant, c))
      .hgetallBuffer(this.keys.faceEmbeddings(tenant, c))
      .exec()) as [Error | null, unknown][];
    if (!replies[0]![1]) throw new NotFoundError(`no face collection ${c}`);
    const packed = replies[3]![1] as Record<string, Buffer>;
    const out: CollectionVectors = {
      version: Number(replies[1]![1] ?? 0),
      model: (replies[2]![1] as string | null) ?? null,
      faceIds: [],
      subjectIds: [],
      vectors: [],
    };
    for (const [faceId, value] of Object.entries(packed)) {
      const { subjectId, vector } = unpackEmbedding(value);
      out.faceIds.push(faceId);
      out.subjectIds.push(subjectId);
      out.vectors.push(vector);
    }
    return out;
  }
}
