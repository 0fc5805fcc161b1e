import { bootstrapService, exitOnBootFailure } from '@bazaar/shared/service-defaults';
import { paymentsEnvSchema } from './payments.env';
import { PaymentsModule } from './payments.module';

bootstrapService({ module: PaymentsModule, envSchema: paymentsEnvSchema, microservice: true }).catch(exitOnBootFailure);
