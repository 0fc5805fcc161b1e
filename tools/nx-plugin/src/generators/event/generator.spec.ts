import type { Tree } from '@nx/devkit';
import { addedLines, changesSince, contentsOf, workspaceFixture } from '../../testing/workspace-fixture.ts';
import { eventGenerator } from './generator.ts';

const EVENTS = 'libs/contracts/src/events';

describe('event generator', () => {
  let tree: Tree;
  beforeEach(() => (tree = workspaceFixture()));

  it('adds a versioned folder (contract, example, spec), exports it, and declares its producer topic', async () => {
    const before = contentsOf(tree);
    await eventGenerator(tree, { name: 'RefundIssued', producer: 'refunds' });

    expect(changesSince(before, tree)).toEqual([
      `CREATE ${EVENTS}/refund-issued/refund-issued.event.spec.ts`,
      `CREATE ${EVENTS}/refund-issued/refund-issued.event.ts`,
      `CREATE ${EVENTS}/refund-issued/refund-issued.example.json`,
      `UPDATE ${EVENTS}/index.ts`,
      `UPDATE ${EVENTS}/topics.ts`,
    ]);
    expect(tree.read(`${EVENTS}/refund-issued/refund-issued.event.ts`, 'utf-8')).toBe(
      [
        "import { z } from 'zod';",
        "import { defineEvent } from '../event-contract';",
        "import { REFUNDS_TOPIC } from '../topics';",
        '',
        '/** Published by refunds: say when, and what each field means. */',
        'export const RefundIssued = defineEvent({',
        "  name: 'RefundIssued',",
        '  version: 1,',
        '  topic: REFUNDS_TOPIC,',
        '  key: (data) => data.orderId,',
        '  schema: z.object({',
        '    orderId: z.string().min(1),',
        '  }),',
        '});',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(tree.read(`${EVENTS}/refund-issued/refund-issued.example.json`, 'utf-8') ?? '')).toEqual({
      id: 'ce0493f0-e25c-439b-8934-6f11d6b336a6',
      type: 'RefundIssued.v1',
      version: 1,
      occurredAt: '2026-01-01T00:00:00.000Z',
      source: 'refunds',
      data: { orderId: '0d8b6c1e-6c4b-8a3f-9d2e-1b7a4c5e6f70' },
    });
    expect(addedLines(before.get(`${EVENTS}/index.ts`) ?? '', tree.read(`${EVENTS}/index.ts`, 'utf-8') ?? '')).toEqual([
      "export * from './refund-issued/refund-issued.event';",
    ]);
    // In name order among the event exports.
    const exports = (tree.read(`${EVENTS}/index.ts`, 'utf-8') ?? '').split('\n').filter((line) => line.endsWith(".event';"));
    expect(exports).toEqual([...exports].sort());
    const topics = tree.read(`${EVENTS}/topics.ts`, 'utf-8') ?? '';
    expect(topics).toBe(
      `${before.get(`${EVENTS}/topics.ts`)}\n/** Events published by refunds, keyed by orderId. */\nexport const REFUNDS_TOPIC: EventTopic = { topic: 'refunds.v1', numPartitions: 6 };\n`,
    );
  });

  it('declares a topic once: a second event of the producer goes on it', async () => {
    await eventGenerator(tree, { name: 'RefundIssued', producer: 'refunds' });
    const topics = tree.read(`${EVENTS}/topics.ts`, 'utf-8');
    await eventGenerator(tree, { name: 'RefundFailed', producer: 'refunds' });
    expect(tree.read(`${EVENTS}/topics.ts`, 'utf-8')).toBe(topics);
    expect(tree.read(`${EVENTS}/refund-failed/refund-failed.event.ts`, 'utf-8')).toContain('topic: REFUNDS_TOPIC,');
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
    ['a name that is not PascalCase', { name: 'refund-issued', producer: 'refunds' }, 'PascalCase'],
    ['a version in the name', { name: 'RefundIssuedV1.v1', producer: 'refunds' }, 'PascalCase'],
    ['a producer that is not kebab-case', { name: 'RefundIssued', producer: 'Payments' }, '--producer "Payments"'],
  ])('refuses %s, saying why', async (_case, options, message) => {
    await expect(eventGenerator(tree, options)).rejects.toThrow(message);
  });
});
