import { ReplyError } from 'ioredis';
import { ServiceError } from '@bazaar/shared/rpc';

/**
 * Runs a Redis operation; when Redis cannot be reached (connection refused, closed, timed out)
 * the caller gets a 503 naming Redis. A ReplyError means Redis answered and refused the command,
 * which is a bug here, so it stays an unexpected error (500, logged).
 */
export async function redisOperation<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof ReplyError || error instanceof ServiceError) throw error;
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
