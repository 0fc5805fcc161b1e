import { bootstrapService, exitOnBootFailure } from '@bazaar/shared/service-defaults';
import { gatewayEnvSchema } from './gateway.env';
import { GatewayModule } from './gateway.module';

bootstrapService({ module: GatewayModule, envSchema: gatewayEnvSchema }).catch(exitOnBootFailure);
