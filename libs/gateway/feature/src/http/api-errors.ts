import { applyDecorators } from '@nestjs/common';
import { ApiResponse, OpenAPIObject, OperationObject, ReferenceObject, ResponsesObject, SchemaObject } from '@nestjs/swagger';

/** The statuses the API answers with the one error shape. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 428 | 429 | 500 | 503 | 504;

export const ERROR_SCHEMA_NAME = 'Error';
const ERROR_REF = { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` };

/** `{statusCode, code, message, requestId, details?}`: HttpErrorBody (http-error.filter.ts) as a JSON schema. */
const ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['statusCode', 'code', 'message', 'requestId'],
  additionalProperties: false,
  properties: {
    statusCode: { type: 'integer', example: 404, description: 'The HTTP status again' },
    code: { type: 'string', example: 'PRODUCT_NOT_FOUND', description: 'Stable, machine-readable reason' },
    message: { type: 'string', example: 'No product 665f1c2e8a1b2c3d4e5f6a7b', description: 'For people; may change' },
    requestId: { type: 'string', example: 'f0c5a4e2-3d7b-4c1e-9f1a-1b2c3d4e5f6a', description: 'Also sent as X-Request-Id; quote it when reporting a problem' },
    details: {
      type: 'object',
      description:
        'Facts a client can act on, for some codes: PRICE_CHANGED has `changedLines` [{productId, name, oldPrice, newPrice}]; PRODUCT_VERSION_CONFLICT has `currentRevision` and `current` (the product now); INSUFFICIENT_STOCK has `productId`, `delta`, `available`',
      additionalProperties: true,
    },
  },
};

const MEANING: Record<ErrorStatus, string> = {
  400: 'The request breaks the contract (VALIDATION_FAILED, BODY_TOO_DEEP, INVALID_CURSOR, …): the message says what',
  401: 'No credentials: send Authorization: Bearer <token>',
  403: 'The credentials are not valid',
  404: 'Not found',
  409: 'Conflicts with the current state',
  412: 'The resource changed since you read it (If-Match names an older revision): details hold the current version',
  413: 'The body is larger than the gateway takes (PAYLOAD_TOO_LARGE)',
  415: 'The body is not application/json (UNSUPPORTED_MEDIA_TYPE)',
  422: 'Understood, but cannot be carried out in this state',
  428: 'The request must name the version it was made on (If-Match)',
  429: 'Too many requests from this client (RATE_LIMITED): retry after Retry-After seconds',
  500: 'Unexpected failure (INTERNAL_ERROR); nothing about it is disclosed',
  503: 'A service behind the gateway is unavailable (DEPENDENCY_UNAVAILABLE): retry later',
  504: 'A service behind the gateway did not answer in time (DEPENDENCY_TIMEOUT): retry later',
};

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } } };

function errorResponse(status: ErrorStatus, meaning = MEANING[status]) {
  return { description: meaning, content: { 'application/json': { schema: ERROR_REF } }, ...(status === 429 ? { headers: RETRY_AFTER } : {}) };
}

/**
 * Declares error responses of a route (or of every route of a controller) in the one error shape,
 * each status with its codes when given: `@ApiErrors(404, [409, 'OUT_OF_STOCK, CART_FULL'])`.
 * What every API operation can answer (429, 500) and what follows from its inputs (400 for
 * parameters, 400/413/415 for a body) is added by completeApiDocument, so no route can forget it.
 */
export function ApiErrors(...statuses: (ErrorStatus | [ErrorStatus, string])[]) {
  return applyDecorators(
    ...statuses.map((entry) => {
      const [status, codes] = Array.isArray(entry) ? entry : [entry, undefined];
      const { description, content, headers } = errorResponse(status, codes ? `${MEANING[status]}: ${codes}` : undefined);
      return ApiResponse({ status, description, content, headers });
    }),
  );
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The error statuses an operation can answer with whatever its route: its inputs and the edge decide. */
export function impliedErrorStatuses(operation: OperationObject): ErrorStatus[] {
  const statuses: ErrorStatus[] = [];
  if (operation.requestBody) statuses.push(400, 413, 415);
  else if (operation.parameters?.length) statuses.push(400);
  statuses.push(429, 500);
  return statuses;
}

/**
 * Makes the generated document the contract of the API under `prefix` (every operation of /api):
 * each operation keeps its success response and also lists the error responses
 * impliedErrorStatuses gives, next to those its route declared with ApiErrors, in the Error
 * schema; request bodies take no properties beyond their schema, as the ValidationPipe
 * (forbidNonWhitelisted) refuses them, and answers have none beyond theirs.
 */
export function completeApiDocument(document: OpenAPIObject, prefix: string): OpenAPIObject {
  const schemas = { ...document.components?.schemas, [ERROR_SCHEMA_NAME]: ERROR_SCHEMA };
  document.components = { ...document.components, schemas };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith(`${prefix}/`)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const responses: ResponsesObject = operation.responses ?? {};
      // A route that declares a response loses Nest's default one: put it back (201 for POST, else 200, as Nest answers).
      if (!Object.keys(responses).some((status) => status.startsWith('2'))) responses[method === 'post' ? 201 : 200] = { description: '' };
      for (const status of impliedErrorStatuses(operation)) responses[status] ??= errorResponse(status);
      operation.responses = responses;
      const bodies = [operation.requestBody, ...Object.values(responses)].map((part) => (part && 'content' in part ? part.content?.['application/json']?.schema : undefined));
      // A field the contract does not name is refused in a request, and fails the contract fuzzer in an answer (a cart id, say).
      for (const schema of bodies) if (schema) closeSchema(schema, schemas, new Set());
    }
  }
  return document;
}

/** additionalProperties: false on an object schema that says nothing of them, and on every object schema it refers to. */
function closeSchema(schema: SchemaObject | ReferenceObject, schemas: Record<string, SchemaObject | ReferenceObject>, seen: Set<string>): void {
  if ('$ref' in schema) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name) || !schemas[name]) return;
    seen.add(name);
    closeSchema(schemas[name], schemas, seen);
    return;
  }
  const parts = [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  if (schema.type === 'object' || schema.properties) {
    // A schema made of parts (a nullable object is `allOf: [$ref]`) takes its properties from them: the parts are closed instead.
    if (parts.length === 0) schema.additionalProperties ??= false;
    for (const property of Object.values(schema.properties ?? {})) closeSchema(property, schemas, seen);
  }
  if (schema.items) closeSchema(schema.items, schemas, seen);
  for (const part of parts) closeSchema(part, schemas, seen);
}
