import { bootstrapService, exitOnBootFailure } from '@bazaar/shared/service-defaults';
import { cartEnvSchema } from './cart.env';
import { CartModule } from './cart.module';

bootstrapService({ module: CartModule, envSchema: cartEnvSchema, microservice: true }).catch(exitOnBootFailure);
