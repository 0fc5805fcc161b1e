import type { Socket } from 'node:net';
import type { DependencyCheck } from '@bazaar/shared/health';

/**
 * Where a service is in its shutdown. Readiness turns 503 first, so load balancers and
 * Kubernetes stop routing to it; only later does it refuse new work and wait for the work it
 * already accepted.
 */
export class ShutdownState {
  private phase: 'serving' | 'leaving' | 'draining' = 'serving';
  private inFlight = 0;
  private idle: Array<() => void> = [];
  private readonly connections = new Set<Socket>();

  /** Added to every service's readiness checks: 503 from the moment shutdown begins. */
  readonly readinessCheck: DependencyCheck = {
    name: 'process',
    ping: async () => {
      if (this.phase !== 'serving') throw new Error('shutting down');
    },
  };

  get refusesWork(): boolean {
    return this.phase === 'draining';
  }

  /** Not ready any more, but still serving what arrives. */
  leave(): void {
    if (this.phase === 'serving') this.phase = 'leaving';
  }

  /** From now on new work is refused; resolves when the work in flight has finished. */
  drain(): Promise<void> {
    this.phase = 'draining';
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }

  get pending(): number {
    return this.inFlight;
  }

  /** A microservice connection, ended gracefully (its last responses flushed) once drained. */
  trackConnection(socket: Socket): void {
    this.connections.add(socket);
    socket.once('close', () => this.connections.delete(socket));
  }

  /** Ends every tracked connection after its pending writes and resolves when all are closed. */
  async endConnections(): Promise<void> {
    await Promise.all(
      [...this.connections].map((socket) => new Promise<void>((resolve) => (socket.closed ? resolve() : (socket.once('close', () => resolve()), socket.end())))),
    );
  }

  begin(): void {
    this.inFlight++;
  }

  end(): void {
    this.inFlight--;
    if (this.inFlight === 0) this.idle.splice(0).forEach((resolve) => resolve());
  }
}
