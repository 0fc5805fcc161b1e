import type { Tree } from '@nx/devkit';
import { addedLines, changesSince, contentsOf, workspaceFixture } from '../../testing/workspace-fixture.ts';
import { eventGenerator } from './generator.ts';

const EVENTS = 'libs/contracts/src/events';

describe('event generator', () => {
  let tree: Tree;
  beforeEach(() => (tree = workspaceFixture()));

  it('adds a versioned folder (contract, example, spec), exports it, and declares its producer topic', async () => {
    const before = contentsOf(tree);
    await eventGenerator(tree, { name: 'PaymentAuthorized', producer: 'payments' });

    expect(changesSince(before, tree)).toEqual([
      `CREATE ${EVENTS}/payment-authorized/payment-authorized.event.spec.ts`,
      `CREATE ${EVENTS}/payment-authorized/payment-authorized.event.ts`,
      `CREATE ${EVENTS}/payment-authorized/payment-authorized.example.json`,
      `UPDATE ${EVENTS}/index.ts`,
      `UPDATE ${EVENTS}/topics.ts`,
    ]);
    expect(tree.read(`${EVENTS}/payment-authorized/payment-authorized.event.ts`, 'utf-8')).toBe(
      [
        "import { z } from 'zod';",
        "import { defineEvent } from '../event-contract';",
        "import { PAYMENTS_TOPIC } from '../topics';",
        '',
        '/** Published by payments: say when, and what each field means. */',
        'export const PaymentAuthorized = defineEvent({',
        "  name: 'PaymentAuthorized',",
        '  version: 1,',
        '  topic: PAYMENTS_TOPIC,',
        '  key: (data) => data.orderId,',
        '  schema: z.object({',
        '    orderId: z.string().min(1),',
        '  }),',
        '});',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(tree.read(`${EVENTS}/payment-authorized/payment-authorized.example.json`, 'utf-8') ?? '')).toEqual({
      id: '925ac1ba-d162-43d5-8608-23a7f2fddd72',
      type: 'PaymentAuthorized.v1',
      version: 1,
      occurredAt: '2026-01-01T00:00:00.000Z',
      source: 'payments',
      data: { orderId: '0d8b6c1e-6c4b-8a3f-9d2e-1b7a4c5e6f70' },
    });
    expect(addedLines(before.get(`${EVENTS}/index.ts`) ?? '', tree.read(`${EVENTS}/index.ts`, 'utf-8') ?? '')).toEqual([
      "export * from './payment-authorized/payment-authorized.event';",
    ]);
    // In name order among the event exports: after order-placed, before stock-rejected.
    expect(tree.read(`${EVENTS}/index.ts`, 'utf-8')).toContain(
      "order-placed.event';\nexport * from './payment-authorized/payment-authorized.event';\nexport * from './stock-rejected/",
    );
    const topics = tree.read(`${EVENTS}/topics.ts`, 'utf-8') ?? '';
    expect(topics).toBe(
      `${before.get(`${EVENTS}/topics.ts`)}\n/** Events published by payments, keyed by orderId. */\nexport const PAYMENTS_TOPIC: EventTopic = { topic: 'payments.v1', numPartitions: 6 };\n`,
    );
  });

  it('declares a topic once: a second event of the producer goes on it', async () => {
    await eventGenerator(tree, { name: 'PaymentAuthorized', producer: 'payments' });
    const topics = tree.read(`${EVENTS}/topics.ts`, 'utf-8');
    await eventGenerator(tree, { name: 'PaymentDeclined', producer: 'payments' });
    expect(tree.read(`${EVENTS}/topics.ts`, 'utf-8')).toBe(topics);
    expect(tree.read(`${EVENTS}/payment-declined/payment-declined.event.ts`, 'utf-8')).toContain('topic: PAYMENTS_TOPIC,');
  });

  it('reuses an existing topic with --topic and keys by --key', async () => {
    const before = contentsOf(tree);
    await eventGenerator(tree, { name: 'StockAudited', producer: 'catalog', topic: 'stock', key: 'productId' });
    expect(tree.read(`${EVENTS}/topics.ts`, 'utf-8')).toBe(before.get(`${EVENTS}/topics.ts`));
    const contract = tree.read(`${EVENTS}/stock-audited/stock-audited.event.ts`, 'utf-8');
    expect(contract).toContain("import { STOCK_TOPIC } from '../topics';");
    expect(contract).toContain('key: (data) => data.productId,');
  });

  it('puts a second version in a folder of its own, next to the first', async () => {
    await eventGenerator(tree, { name: 'StockReserved', producer: 'catalog', topic: 'stock', eventVersion: 2 });
    const contract = tree.read(`${EVENTS}/stock-reserved-v2/stock-reserved-v2.event.ts`, 'utf-8');
    expect(contract).toContain('export const StockReservedV2 = defineEvent({');
    expect(contract).toContain('  version: 2,');
    expect(tree.read(`${EVENTS}/stock-reserved-v2/stock-reserved-v2.example.json`, 'utf-8')).toContain('"type": "StockReserved.v2"');
    expect(tree.read(`${EVENTS}/index.ts`, 'utf-8')).toContain("export * from './stock-reserved-v2/stock-reserved-v2.event';");
  });

  it.each([
    ['an event that exists', { name: 'StockReserved', producer: 'catalog' }, 'StockReserved.v1 exists already'],
    ['a name that is not PascalCase', { name: 'payment-authorized', producer: 'payments' }, 'PascalCase'],
    ['a version in the name', { name: 'PaymentAuthorizedV1.v1', producer: 'payments' }, 'PascalCase'],
    ['a producer that is not kebab-case', { name: 'PaymentAuthorized', producer: 'Payments' }, '--producer "Payments"'],
  ])('refuses %s, saying why', async (_case, options, message) => {
    await expect(eventGenerator(tree, options)).rejects.toThrow(message);
  });
});
