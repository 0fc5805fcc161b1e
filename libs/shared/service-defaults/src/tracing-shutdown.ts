import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { shutdownTracing } from '@bazaar/shared/observability/tracing';

/** Runs last in Nest's shutdown, after consumers and servers have drained, so their spans are flushed. */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return shutdownTracing();
  }
}
