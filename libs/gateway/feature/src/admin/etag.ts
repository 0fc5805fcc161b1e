/**
 * A product's revision as an HTTP entity tag: `"<revision>"`, strong (the revision names one exact
 * state of the editable fields).
 */
export const revisionEtag = (revision: number) => `"${revision}"`;

/** What `If-Match` must look like: one strong entity tag of a revision. */
export const IF_MATCH = /^"[1-9][0-9]{0,9}"$/;

export type IfMatch = { revision: number } | { missing: true } | { invalid: string };

/**
 * Reads `If-Match`. Only one strong tag of a revision is taken: `*` (any state) and weak tags
 * would let an edit through without saying which revision it was made on.
 */
export function parseIfMatch(header: string | string[] | undefined): IfMatch {
  const value = Array.isArray(header) ? header.join(', ') : header?.trim();
  if (!value) return { missing: true };
  if (!IF_MATCH.test(value)) return { invalid: value };
  return { revision: Number(value.slice(1, -1)) };
}
