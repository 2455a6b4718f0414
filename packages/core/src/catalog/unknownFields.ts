import levenshtein from 'fast-levenshtein';
import type { z } from 'zod';

/** A field a request sent that its schema does not have. */
export interface UnknownField {
  /** Dotted path from the body's root, e.g. `body.input.denywords`. */
  path: string;
  field: string;
  /** The known field it most likely meant, when one is close enough. */
  suggestion?: string;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The known field `field` most likely meant: same letters in another case, or few edits away. */
export function closestField(field: string, known: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = levenshtein.get(field.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  // Up to half the word's letters: `words` still finds `terms`, `foo` finds nothing in a list of long names.
  return best && best.distance <= Math.max(2, Math.ceil(field.length / 2)) ? best.name : undefined;
}

/**
 * Fields in `value` that `schema` does not declare, anywhere in the tree.
 * zod's objects strip unknown keys silently, so a misspelled option
 * (`denywords`) would otherwise pass as if it had not been sent; the schemas
 * stay as they are (workers parse the same ones) and requests are checked here.
 */
export function unknownFields(schema: z.ZodType, value: unknown, path: string): UnknownField[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      if (!isPlainObject(value)) return [];
      const shape = def.shape ?? {};
      const open = def.catchall !== undefined && defOf(def.catchall).type !== 'never';
      const found: UnknownField[] = [];
      const missing = Object.keys(shape).filter((k) => !(k in value));
      for (const [key, child] of Object.entries(value)) {
        const field = shape[key];
        if (field) found.push(...unknownFields(field, child, `${path}.${key}`));
        else if (open) found.push(...unknownFields(def.catchall!, child, `${path}.${key}`));
        else {
          const suggestion = closestField(key, missing.length ? missing : Object.keys(shape));
          found.push({ path: `${path}.${key}`, field: key, ...(suggestion ? { suggestion } : {}) });
        }
      }
      return found;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return unknownFields(def.innerType!, value, path);
    case 'pipe':
      return unknownFields(def.in!, value, path);
    case 'lazy':
      return unknownFields(def.getter!(), value, path);
    case 'array':
      return Array.isArray(value) ? value.flatMap((item, i) => unknownFields(def.element!, item, `${path}.${i}`)) : [];
    case 'record':
      return isPlainObject(value) ? Object.entries(value).flatMap(([k, v]) => unknownFields(def.valueType!, v, `${path}.${k}`)) : [];
    case 'union': {
      // The branch the value fits best: one that parses wins, else the one with the fewest strangers.
      let best: UnknownField[] | undefined;
      for (const option of def.options ?? []) {
        const found = unknownFields(option, value, path);
        if (found.length === 0 && option.safeParse(value).success) return [];
        if (!best || found.length < best.length) best = found;
      }
      return best ?? [];
    }
    case 'intersection': {
      // Each side sees the other's fields as strangers; only a field neither side knows is one.
      const right = new Set(unknownFields(def.right!, value, path).map((f) => f.path));
      return unknownFields(def.left!, value, path).filter((f) => right.has(f.path));
    }
    default:
      return [];
  }
}
