import type { Tree } from '@nx/devkit';
import { addedLines, changesSince, contentsOf, SHARED_FILES, workspaceFixture } from '../../testing/workspace-fixture.ts';
import { serviceGenerator, type ServiceGeneratorOptions } from './generator.ts';

const added = (before: Map<string, string>, tree: Tree, path: string) => addedLines(before.get(path) ?? '', tree.read(path, 'utf-8') ?? '');
const json = (tree: Tree, path: string) => JSON.parse(tree.read(path, 'utf-8') ?? '');

describe('service generator', () => {
  let tree: Tree;
  beforeEach(() => (tree = workspaceFixture()));

  describe('payments: MongoDB, consumes StockReserved, publishes two new events', () => {
    let before: Map<string, string>;
    beforeEach(async () => {
      before = contentsOf(tree);
      await serviceGenerator(tree, { name: 'payments', db: 'mongo', consumes: 'StockReserved', publishes: 'PaymentAuthorized, PaymentDeclined' });
    });

    it('writes the app shell, the three libs, the contract, the e2e suite and the two events, and extends the shared files', () => {
      const created = (paths: string[]) => paths.map((path) => `CREATE ${path}`);
      expect(changesSince(before, tree)).toEqual(
        [
          ...created([
            'apps/payments/jest.config.cjs',
            'apps/payments/project.json',
            'apps/payments/src/instrumentation.ts',
            'apps/payments/src/main.ts',
            'apps/payments/src/payments.env.spec.ts',
            'apps/payments/src/payments.env.ts',
            'apps/payments/src/payments.module.ts',
            'apps/payments/tsconfig.app.json',
            'apps/payments/tsconfig.json',
            'apps/payments/webpack.config.cjs',
            'libs/contracts/src/events/payment-authorized/payment-authorized.event.spec.ts',
            'libs/contracts/src/events/payment-authorized/payment-authorized.event.ts',
            'libs/contracts/src/events/payment-authorized/payment-authorized.example.json',
            'libs/contracts/src/events/payment-declined/payment-declined.event.spec.ts',
            'libs/contracts/src/events/payment-declined/payment-declined.event.ts',
            'libs/contracts/src/events/payment-declined/payment-declined.example.json',
            'libs/contracts/src/payments/payments.messages.spec.ts',
            'libs/contracts/src/payments/payments.messages.ts',
            ...['data-access', 'domain', 'feature'].flatMap((kind) => [`libs/payments/${kind}/jest.config.cjs`, `libs/payments/${kind}/project.json`]),
            'libs/payments/data-access/src/index.ts',
            'libs/payments/data-access/src/payments-data-access.module.ts',
            'libs/payments/data-access/src/payments.repository.ts',
            'libs/payments/data-access/src/payments.schema.ts',
            'libs/payments/data-access/tsconfig.json',
            'libs/payments/domain/src/index.ts',
            'libs/payments/domain/src/payments.record.spec.ts',
            'libs/payments/domain/src/payments.record.ts',
            'libs/payments/domain/tsconfig.json',
            'libs/payments/feature/src/incoming-events.handlers.ts',
            'libs/payments/feature/src/index.ts',
            'libs/payments/feature/src/payments-events.ts',
            'libs/payments/feature/src/payments-feature.module.ts',
            'libs/payments/feature/src/payments-queries.service.ts',
            'libs/payments/feature/src/payments.controller.int-spec.ts',
            'libs/payments/feature/src/payments.controller.ts',
            'libs/payments/feature/tsconfig.json',
            'tests/e2e/src/payments.int-spec.ts',
          ]),
          ...SHARED_FILES.map((path) => `UPDATE ${path}`),
        ].sort(),
      );
    });

    it('tags every project scope:payments and its type, and maps the libs in tsconfig.base.json', () => {
      expect(json(tree, 'apps/payments/project.json')).toMatchObject({ name: 'payments', projectType: 'application', tags: ['scope:payments', 'type:app'] });
      for (const kind of ['domain', 'data-access', 'feature']) {
        expect(json(tree, `libs/payments/${kind}/project.json`)).toMatchObject({ name: `payments-${kind}`, tags: ['scope:payments', `type:${kind}`] });
        expect(json(tree, 'tsconfig.base.json').compilerOptions.paths[`@bazaar/payments/${kind}`]).toEqual([`libs/payments/${kind}/src/index.ts`]);
      }
    });

    it('adds the scope to the module-boundary rules, the contract to libs/contracts, the topology to the chart', () => {
      expect(added(before, tree, 'eslint.config.mjs')).toEqual(["            { sourceTag: 'scope:payments', onlyDependOnLibsWithTags: ['scope:payments', 'scope:shared'] },"]);
      expect(added(before, tree, 'libs/contracts/src/index.ts')).toEqual(["export * from './payments/payments.messages';"]);
      expect(added(before, tree, 'libs/contracts/src/services.ts')).toEqual(["export const PAYMENTS_SERVICE = 'PAYMENTS_SERVICE';"]);
      expect(added(before, tree, 'deploy/helm/bazaar/templates/_helpers.tpl')).toEqual(['payments: { stores: [mongodb, kafka], calls: [] }']);
    });

    it('adds a compose service built from the shared Dockerfile, on its own database and Kafka', () => {
      expect(tree.read('docker-compose.yml', 'utf-8')).toContain(
        [
          '  payments:',
          '    <<: *service',
          '    image: bazaar/payments:local',
          '    build: { context: ., dockerfile: deploy/docker/Dockerfile, args: { APP: payments } }',
          '    environment:',
          '      <<: *service-env',
          '      NODE_OPTIONS: --max-old-space-size=96',
          '      HTTP_PORT: 3004',
          '      TCP_PORT: 4004',
          '      MONGO_URL: mongodb://mongos:27017',
          '      MONGO_DB: payments',
          '      KAFKA_BROKERS: kafka:9092',
          '    depends_on:',
          '      mongos: { condition: service_healthy }',
          '      mongo-init: { condition: service_completed_successfully }',
          '      kafka: { condition: service_healthy }',
          '    deploy: { resources: { limits: { memory: 192M } } }',
          '',
          '  # ---- HAProxy',
        ].join('\n'),
      );
    });

    it('counts its memory limit in the total at the top of docker-compose.yml, and names it to the deploy checks', () => {
      const total = (text: string | null | undefined) => Number(/they add up to (\d+) MiB/.exec(text ?? '')?.[1]);
      expect(total(tree.read('docker-compose.yml', 'utf-8'))).toBe(total(before.get('docker-compose.yml')) + 192);
      expect(tree.read('deploy/src/support/service-config.ts', 'utf-8')).toMatch(/^export const SERVICES = \[[^\]]*, 'payments'\] as const;$/m);
    });

    it("builds its image on the host's network in the compose test, like the other project images", () => {
      expect(added(before, tree, 'tools/compose-test/compose.stand-ins.yml')).toEqual(['  payments: { build: *build-network }']);
    });

    it('adds the Helm values under services, on the next free ports', () => {
      expect(tree.read('deploy/helm/bazaar/values.yaml', 'utf-8')).toContain(
        [
          '      MONGO_DB: orders',
          '  payments:',
          '    httpPort: 3004',
          '    tcpPort: 4004',
          '    replicas: 2',
          '    resources:',
          '      requests: { cpu: 100m, memory: 128Mi }',
          '      limits: { memory: 256Mi }',
          '    autoscaling: { enabled: false }',
          '    pdb: { maxUnavailable: 1 }',
          '    env:',
          '      MONGO_DB: payments',
          '',
          'ingress:',
        ].join('\n'),
      );
    });

    it('makes the e2e project build payments, keeping its layout', () => {
      expect(added(before, tree, 'tests/e2e/project.json')).toEqual([
        '  "implicitDependencies": ["gateway", "catalog", "cart", "order", "payments"],',
        '      "dependsOn": [{ "projects": ["gateway", "catalog", "cart", "order", "payments"], "target": "build" }]',
      ]);
    });

    it('wires the consumer (processed events in MongoDB) and the outbox relay of the published events', () => {
      const feature = tree.read('libs/payments/feature/src/payments-feature.module.ts', 'utf-8');
      expect(feature).toContain("outboxRelayProvider('payments', PaymentsRepository, publishedContract, relay),");
      expect(feature).toContain('consumerGroupProvider(consumerGroup, IncomingEventsHandlers),');
      expect(feature).toContain('new MongoProcessedEventStore(mongo)');
      expect(tree.read('libs/payments/feature/src/incoming-events.handlers.ts', 'utf-8')).toContain('onEvent(StockReserved, (event) => this.onStockReserved(event)),');
      expect(tree.read('libs/payments/feature/src/payments-events.ts', 'utf-8')).toContain('const PUBLISHED: EventContract[] = [PaymentAuthorized, PaymentDeclined];');
      expect(tree.read('libs/payments/data-access/src/payments.repository.ts', 'utf-8')).toContain('export class PaymentsRepository implements OutboxStore {');
      expect(tree.read('apps/payments/src/payments.module.ts', 'utf-8')).toContain(
        'health: { inject: [getConnectionToken(), KafkaConnection], useFactory: (mongo: Connection, kafka: KafkaConnection) => [mongooseCheck(mongo), kafka] },',
      );
    });

    it('changes no shared file when run again for the same service (after its own files are gone)', async () => {
      const shared = new Map(SHARED_FILES.map((path) => [path, tree.read(path, 'utf-8')]));
      for (const dir of ['apps/payments', 'libs/payments', 'libs/contracts/src/payments', 'tests/e2e/src/payments.int-spec.ts']) tree.delete(dir);
      await serviceGenerator(tree, { name: 'payments', db: 'mongo', consumes: 'StockReserved', publishes: 'PaymentAuthorized,PaymentDeclined', port: 3004 });
      for (const [path, content] of shared) expect([path, tree.read(path, 'utf-8')]).toEqual([path, content]);
    });
  });

  it('redis: a Redis client and processed-event store of its own, no outbox, no MongoDB', async () => {
    const before = contentsOf(tree);
    await serviceGenerator(tree, { name: 'gift-cards', db: 'redis', consumes: ['OrderConfirmed', 'OrderCancelled'], port: 3300 });
    expect(tree.exists('libs/gift-cards/data-access/src/redis.module.ts')).toBe(true);
    expect(tree.exists('libs/gift-cards/feature/src/gift-cards-events.ts')).toBe(false);
    expect(tree.read('libs/gift-cards/feature/src/gift-cards-feature.module.ts', 'utf-8')).toContain('new RedisProcessedEventStore(redis)');
    expect(tree.read('apps/gift-cards/src/gift-cards.env.ts', 'utf-8')).toContain('REDIS_URL: redisUrl,');
    expect(tree.read('apps/gift-cards/src/gift-cards.env.ts', 'utf-8')).not.toContain('MONGO_URL');
    expect(added(before, tree, 'deploy/helm/bazaar/templates/_helpers.tpl')).toEqual(['gift-cards: { stores: [redis, kafka], calls: [] }']);
    expect(tree.read('docker-compose.yml', 'utf-8')).toContain('      HTTP_PORT: 3300\n      TCP_PORT: 4300\n      REDIS_URL: redis://redis:6379\n      KAFKA_BROKERS: kafka:9092\n    depends_on:\n      redis:');
  });

  it('none: no store, no Kafka, nothing but its health and its contract', async () => {
    await serviceGenerator(tree, { name: 'search-hints', db: 'none' });
    const module = tree.read('apps/search-hints/src/search-hints.module.ts', 'utf-8');
    expect(module).toContain('health: { useFactory: () => [] },');
    expect(module).not.toContain('Kafka');
    expect(tree.read('docker-compose.yml', 'utf-8')).toContain('      TCP_PORT: 4004\n    deploy: { resources: { limits: { memory: 192M } } }');
    expect(tree.read('libs/search-hints/feature/src/search-hints-feature.module.ts', 'utf-8')).toContain('static forRoot(): DynamicModule {');
  });

  it.each([
    ['a name that is not kebab-case', { name: 'Payments' }, 'Service name "Payments": kebab-case'],
    ['a service that exists', { name: 'payments', port: 3999 }, 'apps/payments exists already'],
    ['a consumed event without a contract', { name: 'payments', consumes: 'PaymentRequested' }, '--consumes: no contract for PaymentRequested'],
    ['publishing without MongoDB', { name: 'payments', db: 'redis' as const, publishes: 'PaymentAuthorized' }, '--publishes needs --db=mongo'],
    ['consuming without a store', { name: 'payments', db: 'none' as const, consumes: 'StockReserved' }, '--consumes needs --db=mongo or --db=redis'],
    ['a port another service has', { name: 'payments', port: 3002 }, '--port=3002: 3002 or 4002 is taken by cart'],
    ['a port whose TCP port would not exist', { name: 'payments', port: 65000 }, '--port=65000: an HTTP port from 1 to 64535'],
  ])('refuses %s, saying why, and writes nothing', async (_case, options: ServiceGeneratorOptions, message) => {
    if (options.port === 3999) tree.write('apps/payments/project.json', '{}');
    const before = contentsOf(tree);
    await expect(serviceGenerator(tree, options)).rejects.toThrow(message);
    expect(changesSince(before, tree)).toEqual([]);
  });
});
