import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ClientProxy } from '@nestjs/microservices';
import { CART_SERVICE, CATALOG_SERVICE, ORDER_SERVICE, PAYMENTS_SERVICE } from '@bazaar/contracts';
import { callService } from '@bazaar/shared/rpc';

/** The gateway's calls to the services behind it, each with the configured deadline. */
@Injectable()
export class DownstreamClients {
  private readonly timeoutMs: number;

  constructor(
    @Inject(CATALOG_SERVICE) private readonly catalogClient: ClientProxy,
    @Inject(CART_SERVICE) private readonly cartClient: ClientProxy,
    @Inject(ORDER_SERVICE) private readonly orderClient: ClientProxy,
    @Inject(PAYMENTS_SERVICE) private readonly paymentsClient: ClientProxy,
    config: ConfigService,
  ) {
    this.timeoutMs = config.getOrThrow<number>('SERVICE_CALL_TIMEOUT_MS');
  }

  catalog<T>(pattern: string, data: unknown): Promise<T> {
    return callService<T>(this.catalogClient, 'catalog', pattern, data, this.timeoutMs);
  }

  cart<T>(pattern: string, data: unknown): Promise<T> {
    return callService<T>(this.cartClient, 'cart', pattern, data, this.timeoutMs);
  }

  order<T>(pattern: string, data: unknown): Promise<T> {
    return callService<T>(this.orderClient, 'order', pattern, data, this.timeoutMs);
  }

  payments<T>(pattern: string, data: unknown): Promise<T> {
    return callService<T>(this.paymentsClient, 'payments', pattern, data, this.timeoutMs);
  }
}
