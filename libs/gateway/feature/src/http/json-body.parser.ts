import type { FastifyInstance } from 'fastify';
import { ServiceError } from '@bazaar/shared/rpc';

/** Deeper than any body the API takes (checkout: 3), far below what overflows a recursive transformer. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether JSON text nests arrays or objects deeper than `max`, counted in one pass without
 * parsing: a 10 KB `[[[[…` must be refused before anything walks it recursively.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      if (++depth > max) return true;
    } else if (char === ']' || char === '}') depth--;
  }
  return false;
}

/**
 * The API reads JSON only: Fastify's JSON parser (with its prototype-poisoning checks) behind a
 * nesting bound, and no text/plain parser, so any other content type is a 415.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestsDeeperThan(body as string, MAX_JSON_DEPTH)) {
      done(ServiceError.badRequest(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`, 'BODY_TOO_DEEP'), undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
}
