import { bootstrapService, exitOnBootFailure } from '@bazaar/shared/service-defaults';
import { catalogEnvSchema } from './catalog.env';
import { CatalogModule } from './catalog.module';

bootstrapService({ module: CatalogModule, envSchema: catalogEnvSchema, microservice: true }).catch(exitOnBootFailure);
