import { ClientProxy } from '@nestjs/microservices';
import { CART_SERVICE, CATALOG_SERVICE, ORDER_SERVICE, PAYMENTS_SERVICE, PING_PATTERN } from '@bazaar/contracts';
import { READINESS_TIMEOUT_MS, type DependencyCheck } from '@bazaar/shared/health';
import { callService, tcpClient } from '@bazaar/shared/rpc';

export const DOWNSTREAM_SERVICES = [
  { name: 'catalog', token: CATALOG_SERVICE, addressVariable: 'CATALOG_ADDR' },
  { name: 'cart', token: CART_SERVICE, addressVariable: 'CART_ADDR' },
  { name: 'order', token: ORDER_SERVICE, addressVariable: 'ORDER_ADDR' },
  { name: 'payments', token: PAYMENTS_SERVICE, addressVariable: 'PAYMENTS_ADDR' },
] as const;

export const downstreamClients = DOWNSTREAM_SERVICES.map(({ token, addressVariable }) => tcpClient(token, addressVariable));

/**
 * Every gateway replica shares the services behind it; the gateway answers without one (a 503
 * naming it), so they are reported by /health/dependencies and do not gate readiness: a service
 * down must not take every replica out of HAProxy and turn the whole store into its error page.
 */
export function serviceCheck(name: string, client: ClientProxy): DependencyCheck {
  return { name, ping: () => callService(client, name, PING_PATTERN, {}, READINESS_TIMEOUT_MS), gatesReadiness: false };
}
