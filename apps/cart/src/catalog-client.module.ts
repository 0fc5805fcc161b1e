import { ClientsModule } from '@nestjs/microservices';
import { CATALOG_SERVICE } from '@bazaar/contracts';
import { tcpClient } from '@bazaar/shared/rpc';

/** The TCP client for catalog at CATALOG_ADDR (host:port). */
export const catalogClientModule = ClientsModule.registerAsync([tcpClient(CATALOG_SERVICE, 'CATALOG_ADDR')]);
