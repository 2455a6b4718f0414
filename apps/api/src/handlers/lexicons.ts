import { createLexiconSchema, parseWith, updateLexiconSchema } from '@crs/core';
import type { ApiContext } from '../context.js';
import { pageList } from '../http/pageList.js';
import { tenantOf, type Handler } from '../http/types.js';

/**
 * `/v1/lexicons`: the tenant's own deny and allow lists. Workers pick up a
 * change on the next job (each change bumps the tenant's policy version).
 */
export const listLexicons =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const { items, nextCursor } = pageList(await ctx.textPolicy.list(tenantOf(req)), req.query);
    return { status: 200, body: { lexicons: items, nextCursor } };
  };

export const createLexicon =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const body = parseWith(createLexiconSchema, req.body ?? {}, 'body');
    const lexicon = await ctx.textPolicy.create(tenantOf(req), body);
    return { status: 201, body: lexicon, headers: { Location: `/v1/lexicons/${lexicon.id}` } };
  };

/** One lexicon with its terms, sorted. */
export const getLexicon =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const { lexicon, terms } = await ctx.textPolicy.get(tenantOf(req), req.params.lexiconId!);
    return { status: 200, body: { ...lexicon, terms } };
  };

/** Renames, re-weights, re-categorises, and adds or removes terms in one call. */
export const updateLexicon =
  (ctx: ApiContext): Handler =>
  async (req) => {
    const body = parseWith(updateLexiconSchema, req.body ?? {}, 'body');
    return { status: 200, body: await ctx.textPolicy.update(tenantOf(req), req.params.lexiconId!, body) };
  };

export const deleteLexicon =
  (ctx: ApiContext): Handler =>
  async (req) => {
    await ctx.textPolicy.delete(tenantOf(req), req.params.lexiconId!);
    return { status: 204 };
  };
