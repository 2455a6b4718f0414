/**
 * Punctuation that ends a sentence or a clause. No word runs across one, so
 * folding keeps it where it drops other separators: "他太傻，逼得我…" holds no
 * 傻逼 and "有约。炮仗声" no 约炮. People split a word with spaces, dots, stars
 * or emoji ("约.炮", "约*炮"), not with a full stop.
 */
export const CLAUSE_MARKS = '，,。！？!?；;';

/** The marks as folding leaves them (full-width forms become ASCII) and as written. */
export const CLAUSE_MARK_FORMS: ReadonlySet<string> = new Set([...CLAUSE_MARKS].flatMap((c) => [c, c.normalize('NFKC')]));
