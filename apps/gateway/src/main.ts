import { join } from 'node:path';
import { configureEdge } from '@bazaar/gateway/feature';
import { bootstrapService, exitOnBootFailure } from '@bazaar/shared/service-defaults';
import { gatewayEnvSchema } from './gateway.env';
import { GatewayModule } from './gateway.module';

bootstrapService({
  module: GatewayModule,
  envSchema: gatewayEnvSchema,
  // configureEdge installs the gateway's own: JSON only, with a nesting bound.
  bodyParser: false,
  configure: (app, config) =>
    configureEdge(app, config, {
      assetsDir: join(__dirname, 'assets'),
      storefrontDir: config.get<string>('STOREFRONT_DIR') ?? join(__dirname, '..', 'storefront'),
    }),
}).catch(exitOnBootFailure);
