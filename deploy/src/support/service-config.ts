import { names } from '@nx/devkit';
import { z } from 'zod';
import { shutdownEnv } from '@bazaar/shared/service-defaults';
import { NODE_MEMORY_ENV_FILE, readEnvFile } from './measured-memory';
import { fromRoot } from './workspace';

export const SERVICES = ['gateway', 'catalog', 'cart', 'order', 'payments'] as const;
export type ServiceName = (typeof SERVICES)[number];

type EnvSchema = z.ZodObject<z.ZodRawShape>;

/**
 * Applications are not libraries and cannot be imported (module boundaries), so the checks read
 * each service's environment schema from its file, as data: apps/<name>/src/<name>.env.ts.
 */
export async function serviceEnvSchema(name: ServiceName): Promise<EnvSchema> {
  const module = (await import(fromRoot('apps', name, 'src', `${name}.env.ts`))) as Record<string, EnvSchema>;
  // Named as the service generator names it: gift-cards → giftCardsEnvSchema.
  const exported = `${names(name).propertyName}EnvSchema`;
  const schema = module[exported];
  if (!schema?.shape) throw new Error(`apps/${name}/src/${name}.env.ts exports no ${exported}`);
  return schema;
}

/** The variables a service refuses to start without: those its schema neither defaults nor makes optional. */
export async function requiredVariables(name: ServiceName): Promise<string[]> {
  const schema = await serviceEnvSchema(name);
  return Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key);
}

/** Read by every service besides its own schema: the tracing preload's and the shutdown's settings, and Node's and malloc's (node-memory.env). */
async function commonVariables(): Promise<string[]> {
  const tracing = (await import(fromRoot('libs/shared/observability/src/tracing-env.ts'))) as { tracingEnv(env: object): object };
  return [...Object.keys(tracing.tracingEnv({})), ...Object.keys(shutdownEnv({})), ...Object.keys(readEnvFile(fromRoot(NODE_MEMORY_ENV_FILE)))];
}

let common: string[] | undefined;

export async function knownVariables(schema: EnvSchema): Promise<string[]> {
  common ??= await commonVariables();
  return [...Object.keys(schema.shape), ...common];
}
