import { ReplyError } from 'ioredis';
import { ServiceError } from '@bazaar/shared/rpc';

/**
 * Replies of a server that cannot take the command now: a replica (READONLY: a failover moved the
 * primary), or one still loading its data or cut off from its primary (LOADING, MASTERDOWN).
 */
const UNAVAILABLE_REPLIES = /^(READONLY|LOADING|MASTERDOWN) /;

/**
 * Runs a Redis operation; when Redis cannot be reached (connection refused, closed, timed out)
 * or cannot take the command now (UNAVAILABLE_REPLIES) the caller gets a 503 naming Redis. Any
 * other ReplyError means Redis refused the command, which is a bug here, so it stays an
 * unexpected error (500, logged).
 */
export async function redisOperation<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    if (error instanceof ReplyError && !UNAVAILABLE_REPLIES.test((error as Error).message)) throw error;
    throw ServiceError.unavailable('redis', (error as Error)?.message);
  }
}

/** MULTI/EXEC reports errors per command instead of rejecting; this throws the first one. */
export function execResults(results: [Error | null, unknown][] | null): unknown[] {
  if (!results) throw new Error('Redis transaction was aborted');
  return results.map(([error, result]) => {
    if (error) throw error;
    return result;
  });
}
