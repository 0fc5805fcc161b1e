import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

type JsonSchema = { [key: string]: unknown };

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

const DEFINITIONS_FILE = '_definitions.json';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** kubeconform's file name for a kind: `deployment-apps-v1.json`, `service-v1.json`, `ingress-networking-v1.json`. */
export function schemaFileName({ group, version, kind }: GroupVersionKind): string {
  const groupSuffix = group ? `-${group.split('.')[0]}` : '';
  return `${kind.toLowerCase()}${groupSuffix}-${version}.json`.toLowerCase();
}

/**
 * One definition made strict the way kubeconform's `-strict` schemas are: objects with declared
 * properties refuse any other (a misspelt field fails), int-or-string and quantities accept both
 * forms as the API server does, and `$ref`s point into the shared definitions file.
 */
export function strictSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as JsonSchema;
  if (source.format === 'int-or-string') {
    const { type: _type, format: _format, ...rest } = source;
    return { ...rest, oneOf: [{ type: 'string' }, { type: 'integer' }] };
  }
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === '$ref' && typeof value === 'string') result.$ref = value.replace('#/definitions/', `${DEFINITIONS_FILE}#/definitions/`);
    else if (key === 'properties' || key === 'definitions') {
      result[key] = Object.fromEntries(Object.entries(value as JsonSchema).map(([name, child]) => [name, strictSchema(child)]));
    } else result[key] = strictSchema(value);
  }
  if (result.properties && result.additionalProperties === undefined) result.additionalProperties = false;
  return result;
}

/**
 * Writes kubeconform schemas for every kind in Kubernetes' OpenAPI (swagger 2.0) document into
 * `dir`, once: a `<kind>-<group>-<version>.json` per kind, pinned to its apiVersion and kind, and
 * the shared definitions they reference.
 */
export function writeKubernetesSchemas(openapiFile: string, dir: string): string {
  if (existsSync(join(dir, DEFINITIONS_FILE))) return dir;
  const definitions = (JSON.parse(readFileSync(openapiFile, 'utf8')) as { definitions: Record<string, JsonSchema> }).definitions;
  const building = `${dir}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });

  const shared = Object.fromEntries(Object.entries(definitions).map(([name, schema]) => [name, strictSchema(schema)]));
  shared[QUANTITY] = { oneOf: [{ type: 'string' }, { type: 'number' }] };
  writeFileSync(join(building, DEFINITIONS_FILE), JSON.stringify({ definitions: shared }));

  for (const [name, schema] of Object.entries(definitions)) {
    for (const gvk of (schema['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined) ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      const kindSchema = shared[name] as JsonSchema & { properties: Record<string, JsonSchema> };
      const pinned = {
        ...kindSchema,
        properties: { ...kindSchema.properties, apiVersion: { type: 'string', enum: [apiVersion] }, kind: { type: 'string', enum: [gvk.kind] } },
        required: [...new Set([...((kindSchema.required as string[] | undefined) ?? []), 'apiVersion', 'kind'])],
      };
      writeFileSync(join(building, schemaFileName(gvk)), JSON.stringify(pinned));
    }
  }
  mkdirSync(dirname(dir), { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  return dir;
}
