import { createCollectionSchema, createSubjectSchema, faceEnrollInputSchema, NotFoundError, parseWith, updateCollectionSchema } from '@crs/core';
import type { ApiContext } from '../context.js';
import { pageList } from '../http/pageList.js';
import { tenantOf, type Handler } from '../http/types.js';
import { runTaskNow } from '../jobs/runTaskNow.js';
import { FACE_SYNC_WAIT_MS } from './faceTasks.js';

/*
 * `/v1/face/collections/:c/subjects/:s/faces`: each tenant's face library.
 * Everything is tenant-scoped (another tenant's ids are 404), and deletes are
 * immediate and complete.
 */

const base = (c: string) => `/v1/face/collections/${c}`;

export const listCollections =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const { items, nextCursor } = pageList(await ctx.faces.listCollections(tenantOf(req)), req.query);
    return { status: 200, body: { collections: items, nextCursor } };
  };

export const createCollection =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const body = parseWith(createCollectionSchema, req.body ?? {}, 'body');
    const collection = await ctx.faces.createCollection(tenantOf(req), body);
    return { status: 201, body: collection, headers: { Location: base(collection.id) } };
  };

export const getCollection =
  (ctx: ApiContext): Handler =>
  async (req) => ({ status: 200, body: await ctx.faces.getCollection(tenantOf(req), req.params.collectionId!) });

/** Renames a collection or makes it a watchlist, changes its category or level, or (`moderation: null`) makes it plain again. */
export const updateCollection =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const body = parseWith(updateCollectionSchema, req.body ?? {}, 'body');
    return { status: 200, body: await ctx.faces.updateCollection(tenantOf(req), req.params.collectionId!, body) };
  };

export const deleteCollection =
  (ctx: ApiContext): Handler =>
  async (req) => {
    await ctx.faces.deleteCollection(tenantOf(req), req.params.collectionId!);
    return { status: 204 };
  };

export const listSubjects =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const { items, nextCursor } = pageList(await ctx.faces.listSubjects(tenantOf(req), req.params.collectionId!), req.query);
    return { status: 200, body: { subjects: items, nextCursor } };
  };

export const createSubject =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const body = parseWith(createSubjectSchema, req.body ?? {}, 'body');
    const subject = await ctx.faces.createSubject(tenantOf(req), req.params.collectionId!, body);
    return { status: 201, body: subject, headers: { Location: `${base(req.params.collectionId!)}/subjects/${subject.id}` } };
  };

export const getSubject =
  (ctx: ApiContext): Handler =>
  async (req) => ({ status: 200, body: await ctx.faces.getSubject(tenantOf(req), req.params.collectionId!, req.params.subjectId!) });

export const deleteSubject =
  (ctx: ApiContext): Handler =>
  async (req) => {
    await ctx.faces.deleteSubject(tenantOf(req), req.params.collectionId!, req.params.subjectId!);
    return { status: 204 };
  };

export const listFaces =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const { faces } = await ctx.faces.getSubject(tenantOf(req), req.params.collectionId!, req.params.subjectId!);
    const { items, nextCursor } = pageList(faces, req.query);
    return { status: 200, body: { faces: items, nextCursor } };
  };

/** Adds the main face of `image`; the embedding is computed by a worker (a `face.enroll` job). */
export const addFace =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const tenant = tenantOf(req);
    const { collectionId: c, subjectId: s } = req.params as { collectionId: string; subjectId: string };
    // Fails fast with 404 before any upload is stored; the worker checks again as it writes.
    await ctx.faces.requireSubject(tenant, c, s);
    const input = parseWith(faceEnrollInputSchema, { ...((req.body as object | undefined) ?? {}), collection: c, subject: s }, 'body');
    return runTaskNow(ctx, tenant, 'face.enroll', input, {
      waitMs: FACE_SYNC_WAIT_MS,
      prefer: req.headers.prefer,
      status: 201,
      body: (result, jobId) => ({ jobId, ...(result as { face: object }).face }),
    });
  };

export const getFace =
  (ctx: ApiContext): Handler =>
  async (req) => {
    return { status: 200, body: await ctx.faces.getFace(tenantOf(req), req.params.collectionId!, req.params.subjectId!, req.params.faceId!) };
  };

/** The aligned face crop, for collections that keep them. */
export const getFaceImage =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const image = await ctx.faces.getFaceImage(tenantOf(req), req.params.collectionId!, req.params.subjectId!, req.params.faceId!);
    if (!image) throw new NotFoundError('this face has no stored image: its collection does not keep face images');
    return { status: 200, bytes: image, headers: { 'Content-Type': 'image/png', 'Cache-Control': 'private, no-store' } };
  };

export const deleteFace =
  (ctx: ApiContext): Handler =>
  async (req) => {
    await ctx.faces.deleteFace(tenantOf(req), req.params.collectionId!, req.params.subjectId!, req.params.faceId!);
    return { status: 204 };
  };
