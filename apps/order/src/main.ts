import { bootstrapService, exitOnBootFailure } from '@bazaar/shared/service-defaults';
import { orderEnvSchema } from './order.env';
import { OrderModule } from './order.module';

bootstrapService({ module: OrderModule, envSchema: orderEnvSchema, microservice: true }).catch(exitOnBootFailure);
