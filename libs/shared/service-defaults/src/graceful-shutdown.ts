import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ShutdownEnv } from './shutdown.env';
import { ShutdownState } from './shutdown-state';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM (or SIGINT) → readiness 503 → SHUTDOWN_DELAY_MS of normal service → the HTTP listener
 * closes and waits for its requests → the microservice refuses new requests and waits for those
 * it accepted → Nest's shutdown hooks (Kafka consumers finish their message and commit, relays
 * stop, connections close, spans are flushed) → exit 0. Past SHUTDOWN_TIMEOUT_MS, or on a
 * second signal, it exits 1 at once.
 *
 * Nest's own enableShutdownHooks() is not used: it closes the microservice's sockets while
 * requests on them are still being handled, and runs no readiness or delay step.
 */
export class GracefulShutdown {
  private readonly logger = new Logger(GracefulShutdown.name);
  private running?: Promise<void>;

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly state: ShutdownState,
    private readonly env: ShutdownEnv,
  ) {}

  /** Drains and closes the application; the returned promise settles when everything is closed. */
  run(signal: string): Promise<void> {
    this.running ??= this.drainAndClose(signal);
    return this.running;
  }

  /** Handles SIGTERM and SIGINT for this process: drain, then exit. */
  installSignalHandlers(): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => {
        if (this.running) {
          this.logger.warn(`${signal} again: exiting without waiting for the drain`);
          process.exit(1);
        }
        void this.exitAfter(signal);
      });
    }
  }

  private async exitAfter(signal: string): Promise<void> {
    const timeout = setTimeout(() => {
      this.logger.error(`Shutdown did not finish within ${this.env.SHUTDOWN_TIMEOUT_MS} ms (${this.state.pending} requests still in flight): exiting`);
      process.exit(1);
    }, this.env.SHUTDOWN_DELAY_MS + this.env.SHUTDOWN_TIMEOUT_MS);
    timeout.unref();
    try {
      await this.run(signal);
      process.exit(0);
    } catch (error) {
      this.logger.error(`Shutdown failed: ${(error as Error).message}`);
      process.exit(1);
    }
  }

  private async drainAndClose(signal: string): Promise<void> {
    const started = Date.now();
    this.logger.log(`${signal}: not ready any more; draining in ${this.env.SHUTDOWN_DELAY_MS} ms`);
    this.state.leave();
    await sleep(this.env.SHUTDOWN_DELAY_MS);
    const rpc = this.state.drain();
    // Fastify stops accepting, answers 503 (Connection: close) to requests on kept-alive
    // connections, and resolves once the requests it is handling have been answered.
    const http = this.app.getHttpAdapter().getInstance().close();
    await Promise.all([http, rpc]);
    // Nest writes a reply on the tick after its handler completes: let those go out, then end the
    // microservice connections gracefully, so callers see every reply and then a closed socket.
    await new Promise((resolve) => setImmediate(resolve));
    await this.state.endConnections();
    // Nothing is in flight: the hooks may now close the transports and connections.
    await this.app.close();
    this.logger.log(`Drained and closed in ${Date.now() - started} ms`);
  }
}
