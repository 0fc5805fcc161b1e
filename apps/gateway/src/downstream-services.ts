import { ConfigService } from '@nestjs/config';
import { ClientProxy, ClientsProviderAsyncOptions, Transport } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { CART_SERVICE, CATALOG_SERVICE, ORDER_SERVICE, PING_PATTERN } from '@bazaar/contracts';
import type { DependencyCheck } from '@bazaar/shared/health';

export const DOWNSTREAM_SERVICES = [
  { name: 'catalog', token: CATALOG_SERVICE, addressVariable: 'CATALOG_ADDR' },
  { name: 'cart', token: CART_SERVICE, addressVariable: 'CART_ADDR' },
  { name: 'order', token: ORDER_SERVICE, addressVariable: 'ORDER_ADDR' },
] as const;

export const downstreamClients: ClientsProviderAsyncOptions[] = DOWNSTREAM_SERVICES.map(({ token, addressVariable }) => ({
  name: token,
  inject: [ConfigService],
  useFactory: (config: ConfigService) => {
    const [host, port] = config.getOrThrow<string>(addressVariable).split(':');
    return { transport: Transport.TCP, options: { host, port: Number(port) } };
  },
}));

export function serviceCheck(name: string, client: ClientProxy): DependencyCheck {
  return { name, ping: () => firstValueFrom(client.send(PING_PATTERN, {})) };
}
