import type { Writable } from 'node:stream';
import type { FactoryProvider } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import type { ClientProxy } from '@nestjs/microservices';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { InjectOptions } from 'fastify';
import { Logger, type Params, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import { CART_SERVICE, CATALOG_SERVICE, ORDER_SERVICE, PAYMENTS_SERVICE, TEST_CARDS } from '@bazaar/contracts';
import { JsonLoggerModule } from '@bazaar/shared/observability';
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
  service: 'catalog' | 'cart' | 'order' | 'payments';
  pattern: string;
  data: Record<string, unknown>;
}

export const TEST_CUSTOMER = { name: 'Ada Lovelace', email: 'ada@example.com', address: { line1: '12 Market Street', city: 'Lyon', postalCode: '69002', country: 'FR' } };
export const TEST_CARD = { number: TEST_CARDS.approves, expiry: '12/40', cvc: '123' };
/** A body of POST /api/checkout the gateway accepts. */
export const checkoutBody = (customer: object = TEST_CUSTOMER, card: object = TEST_CARD) => ({ customer, payment: { card } });
/** What the fake payments answers to tokenizeCard: brand and last four digits, never the card. */
export const TOKENIZED = { id: 'pm_sim_approves_1', brand: 'visa', last4: '4242' };

/** DownstreamClients answering from `answer` (payments from `paymentsAnswer`: TOKENIZED), recording every call. */
export class FakeDownstream {
  readonly calls: DownstreamCall[] = [];

  constructor(
    private readonly answer: (call: DownstreamCall) => unknown = (call) => ({ ...call.data }),
    private readonly paymentsAnswer: (call: DownstreamCall) => unknown = () => TOKENIZED,
  ) {}

  catalog = (pattern: string, data: Record<string, unknown>) => this.call({ service: 'catalog', pattern, data });
  cart = (pattern: string, data: Record<string, unknown>) => this.call({ service: 'cart', pattern, data });
  order = (pattern: string, data: Record<string, unknown>) => this.call({ service: 'order', pattern, data });
  payments = (pattern: string, data: Record<string, unknown>) => this.call({ service: 'payments', pattern, data });

  private async call(call: DownstreamCall): Promise<unknown> {
    this.calls.push(call);
    return call.service === 'payments' ? this.paymentsAnswer(call) : this.answer(call);
  }
}

/** The clients of the services behind the gateway (ClientsModule's tokens), when a test fakes the transport rather than DownstreamClients. */
export type ServiceClients = Record<typeof CATALOG_SERVICE | typeof CART_SERVICE | typeof ORDER_SERVICE | typeof PAYMENTS_SERVICE, Pick<ClientProxy, 'send'>>;

/** The gateway's JSON logs (JsonLoggerModule, its own settings) written to `logs` instead of stdout. */
function jsonLogsTo(logs: Writable) {
  const { useFactory } = (JsonLoggerModule.providers as FactoryProvider[]).find(({ provide }) => provide === PARAMS_PROVIDER_TOKEN) as FactoryProvider;
  return {
    inject: [ConfigService],
    factory: (config: ConfigService) => {
      const params = useFactory(config) as Params;
      return { ...params, pinoHttp: [params.pinoHttp, logs] };
    },
  };
}

/**
 * The gateway's API and edge (configureEdge) on the services' HTTP server, with the services behind
 * it faked: as DownstreamClients (FakeDownstream), or at their transport (ServiceClients). With
 * `logs`, the app logs as the gateway does (JSON, pino) into that stream.
 */
export async function startEdgeApp(downstream: FakeDownstream | ServiceClients, settings: Record<string, unknown> = {}, trustProxy: TrustProxy = false, logs?: Writable) {
  const clients = downstream instanceof FakeDownstream ? [] : Object.entries(downstream).map(([provide, useValue]) => ({ provide, useValue }));
  const clientsModule = { module: class ServiceClientsModule {}, global: true, providers: clients, exports: clients.map(({ provide }) => provide) };
  let builder = Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, skipProcessEnv: true, load: [() => ({ ...EDGE_SETTINGS, ...settings })] }),
      ...(logs ? [JsonLoggerModule] : []),
      clientsModule,
      GatewayApiModule,
    ],
  });
  if (downstream instanceof FakeDownstream) builder = builder.overrideProvider(DownstreamClients).useValue(downstream);
  if (logs) builder = builder.overrideProvider(PARAMS_PROVIDER_TOKEN).useFactory(jsonLogsTo(logs));
  const module = await builder.compile();
  const app = module.createNestApplication<NestFastifyApplication>(httpAdapter(64 * 1024, trustProxy), logs ? { bufferLogs: true, bodyParser: false } : { logger: false, bodyParser: false });
  if (logs) app.useLogger(app.get(Logger));
  await configureEdge(app, app.get(ConfigService));
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  return { app, fastify, inject: (options: InjectOptions) => fastify.inject(options) };
}
