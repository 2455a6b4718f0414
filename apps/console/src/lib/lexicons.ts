import { call } from './api';
import type { Session } from './session';
import type { Category } from './types';

interface Lexicon {
  id: string;
  name: string;
  kind: 'deny' | 'allow';
  category: Category;
}

/** The console keeps its terms in lists of its own, one deny list per category and one allow list. */
export const listNameFor = (kind: 'deny' | 'allow', category: Category) => (kind === 'allow' ? 'console allow' : `console deny ${category}`);

async function findList(session: Session, name: string): Promise<Lexicon | null> {
  let cursor: string | null = null;
  do {
    const query: string = `/v1/lexicons?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const { body } = await call<{ lexicons: Lexicon[]; nextCursor: string | null }>(session, 'GET', query);
    const found = body.lexicons.find((l) => l.name === name);
    if (found) return found;
    cursor = body.nextCursor;
  } while (cursor);
  return null;
}

/** Adds a term to the tenant's console deny list for its category, or to its allow list; creates the list on first use. */
export async function addTerm(session: Session, kind: 'deny' | 'allow', category: Category, term: string): Promise<string> {
  const name = listNameFor(kind, category);
  const list = await findList(session, name);
  if (list) {
    await call(session, 'PATCH', `/v1/lexicons/${encodeURIComponent(list.id)}`, { body: { add: [term] } });
  } else {
    await call(session, 'POST', '/v1/lexicons', { body: { name, kind, ...(kind === 'deny' ? { category } : {}), terms: [term] } });
  }
  return name;
}
