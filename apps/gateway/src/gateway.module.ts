import { Module } from '@nestjs/common';
import { ClientProxy, ClientsModule } from '@nestjs/microservices';
import { GatewayApiModule } from '@bazaar/gateway/feature';
import { ServiceDefaultsModule } from '@bazaar/shared/service-defaults';
import { DOWNSTREAM_SERVICES, downstreamClients, serviceCheck } from './downstream-services';

const clients = ClientsModule.registerAsync({ clients: downstreamClients, isGlobal: true });

@Module({
  imports: [
    clients,
    ServiceDefaultsModule.forRoot({
      health: {
        inject: DOWNSTREAM_SERVICES.map(({ token }) => token),
        useFactory: (...proxies: ClientProxy[]) => DOWNSTREAM_SERVICES.map(({ name }, i) => serviceCheck(name, proxies[i])),
      },
    }),
    GatewayApiModule,
  ],
})
export class GatewayModule {}
