import { ClientsModule } from '@nestjs/microservices';
import { CART_SERVICE, CATALOG_SERVICE } from '@bazaar/contracts';
import { tcpClient } from '@bazaar/shared/rpc';

/** Checkout reads the cart and re-prices it from catalog over their TCP transports. */
export const downstreamClients = ClientsModule.registerAsync({
  isGlobal: true,
  clients: [tcpClient(CATALOG_SERVICE, 'CATALOG_ADDR'), tcpClient(CART_SERVICE, 'CART_ADDR')],
});
