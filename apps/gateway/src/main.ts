import { join } from 'node:path';
import { configureEdge } from '@bazaar/gateway/feature';
import { bootstrapService, exitOnBootFailure } from '@bazaar/shared/service-defaults';
import { gatewayEnvSchema } from './gateway.env';
import { GatewayModule } from './gateway.module';

bootstrapService({
  module: GatewayModule,
  envSchema: gatewayEnvSchema,
  configure: (app, config) => configureEdge(app, config, join(__dirname, 'assets')),
}).catch(exitOnBootFailure);
