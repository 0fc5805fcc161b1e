import { ConfigModule, ConfigService } from '@nestjs/config';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { InjectOptions } from 'fastify';
import { httpAdapter, TrustProxy } from '@bazaar/shared/service-defaults';
import { configureEdge } from '../configure-edge';
import { DownstreamClients } from '../downstream.clients';
import { GatewayApiModule } from '../gateway-api.module';

export const TEST_SECRET = 'current-secret-of-at-least-32-characters';
export const PREVIOUS_SECRET = 'previous-secret-of-at-least-32-characters';

export const EDGE_SETTINGS: Record<string, unknown> = {
  CORS_ORIGINS: [],
  RATE_LIMIT_PER_MINUTE: 1000,
  CHECKOUT_RATE_LIMIT_PER_MINUTE: 1000,
  SERVICE_CALL_TIMEOUT_MS: 1000,
  CART_COOKIE_MAX_AGE_SECONDS: 3600,
  COOKIE_SECURE: false,
  CART_COOKIE_SECRETS: [TEST_SECRET, PREVIOUS_SECRET],
};

export interface DownstreamCall {
  service: 'catalog' | 'cart' | 'order';
  pattern: string;
  data: Record<string, unknown>;
}

/** DownstreamClients answering from `answer`, recording every call. */
export class FakeDownstream {
  readonly calls: DownstreamCall[] = [];

  constructor(private readonly answer: (call: DownstreamCall) => unknown = (call) => ({ ...call.data })) {}

  catalog = (pattern: string, data: Record<string, unknown>) => this.call({ service: 'catalog', pattern, data });
  cart = (pattern: string, data: Record<string, unknown>) => this.call({ service: 'cart', pattern, data });
  order = (pattern: string, data: Record<string, unknown>) => this.call({ service: 'order', pattern, data });

  private async call(call: DownstreamCall): Promise<unknown> {
    this.calls.push(call);
    return this.answer(call);
  }
}

/** The gateway's API and edge (configureEdge) on the services' HTTP server, with the services behind it faked. */
export async function startEdgeApp(downstream: FakeDownstream, settings: Record<string, unknown> = {}, trustProxy: TrustProxy = false) {
  const module = await Test.createTestingModule({
    imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, skipProcessEnv: true, load: [() => ({ ...EDGE_SETTINGS, ...settings })] }), GatewayApiModule],
  })
    .overrideProvider(DownstreamClients)
    .useValue(downstream)
    .compile();
  const app = module.createNestApplication<NestFastifyApplication>(httpAdapter(64 * 1024, trustProxy), { logger: false, bodyParser: false });
  await configureEdge(app, app.get(ConfigService));
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  return { app, fastify, inject: (options: InjectOptions) => fastify.inject(options) };
}
