import { z } from 'zod';
import { ServiceError } from './service-error';

/** Validates a message payload at the service boundary; a bad one is a 400 naming the field. */
export function parseRequest<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`);
  throw ServiceError.badRequest(problems.join('; '));
}
