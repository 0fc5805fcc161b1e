import { ConfigService } from '@nestjs/config';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { CATALOG_SERVICE } from '@bazaar/contracts';

/** The TCP client for catalog at CATALOG_ADDR (host:port). */
export const catalogClientModule = ClientsModule.registerAsync([
  {
    name: CATALOG_SERVICE,
    inject: [ConfigService],
    useFactory: (config: ConfigService) => {
      const [host, port] = config.getOrThrow<string>('CATALOG_ADDR').split(':');
      return { transport: Transport.TCP, options: { host, port: Number(port) } };
    },
  },
]);
