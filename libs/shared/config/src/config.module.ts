import { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { z } from 'zod';
import { validateEnv } from './env';

/** Global, validated configuration: the service stops at start with a message naming each bad variable. */
export function validatedConfigModule(schema: z.ZodType<Record<string, unknown>>): Promise<DynamicModule> {
  return ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    cache: true,
    validate: (env) => validateEnv(schema, env),
  });
}
