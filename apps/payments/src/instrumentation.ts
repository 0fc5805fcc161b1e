import { startTracing } from '@bazaar/shared/observability/tracing';

startTracing({ serviceName: 'payments' });
