import { z } from 'zod';
import { categorySchema, termSchema, thresholdsSchema } from '../catalog/index.js';
import { combinationProblem } from './combination.js';

export const MAX_TENANT_LEXICONS = 100;
export const MAX_LEXICON_TERMS = 50_000;
/** Terms one request may add or remove; bigger lists go in several calls. */
export const MAX_TERMS_PER_CALL = 10_000;

const terms = z.array(termSchema).max(MAX_TERMS_PER_CALL, `at most ${MAX_TERMS_PER_CALL} terms per call`);
const lexiconKind = z.enum(['deny', 'allow']);
const weight = z.number().gt(0).max(1);

/** A tenant's own word list: deny terms flag their category, allow terms clear what they cover. */
export const tenantLexiconSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: lexiconKind,
  /** Category deny hits are reported under (`custom` unless set). */
  category: categorySchema,
  /** Score a deny hit gives its category. */
  weight,
  /** Whether `&` in its terms joins the parts of a combination (`炸了&楼`); lists stored before this existed have none. */
  combinations: z.boolean().default(false),
  termCount: z.number().int().min(0),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TenantLexicon = z.infer<typeof tenantLexiconSchema>;

export const createLexiconSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: lexiconKind.default('deny'),
    category: categorySchema.default('custom'),
    weight: weight.default(0.9),
    /** `&` in this list's terms joins the parts of a combination; fixed when the list is created. */
    combinations: z.boolean().default(false),
    terms: terms.default([]),
  })
  .superRefine((body, ctx) => {
    if (!body.combinations) return;
    if (body.kind === 'allow') ctx.addIssue({ code: 'custom', path: ['combinations'], message: 'an allow list cannot hold combinations' });
    body.terms.forEach((term, i) => {
      const problem = combinationProblem(term);
      if (problem) ctx.addIssue({ code: 'custom', path: ['terms', i], message: problem });
    });
  });
export type CreateLexicon = z.infer<typeof createLexiconSchema>;

export const updateLexiconSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    category: categorySchema.optional(),
    weight: weight.optional(),
    add: terms.optional(),
    remove: terms.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change: give name, category, weight, add or remove');
export type UpdateLexicon = z.infer<typeof updateLexiconSchema>;

export const thresholdsBodySchema = z.object({ thresholds: thresholdsSchema });

/** Everything a worker needs to apply a tenant's text policy, read at one version. */
export interface TextPolicySnapshot {
  version: number;
  lexicons: { lexicon: TenantLexicon; terms: string[] }[];
  thresholds: z.infer<typeof thresholdsSchema>;
}
