import { ConfigService } from '@nestjs/config';
import { ClientsProviderAsyncOptions, TcpClientOptions, Transport } from '@nestjs/microservices';

/** TCP client options for a validated `host:port`. */
export function tcpClientOptions(address: string): TcpClientOptions {
  const [host, port] = address.split(':');
  return { transport: Transport.TCP, options: { host, port: Number(port) } };
}

/** A ClientsModule entry: the client named `token`, connecting to the address in `addressVariable`. */
export function tcpClient(token: string, addressVariable: string): ClientsProviderAsyncOptions {
  return {
    name: token,
    inject: [ConfigService],
    useFactory: (config: ConfigService) => tcpClientOptions(config.getOrThrow<string>(addressVariable)),
  };
}
