import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { workspaceRoot } from '@bazaar/shared/testing';

/** One fault's outcome. Every count but `placed` and `final` must be zero. */
export interface FaultRow {
  fault: string;
  /** Checkout intents that produced an order (answered 202, or found in order's database). */
  placed: number;
  /** ... whose order reached CONFIRMED or CANCELLED within the bound. */
  final: number;
  /** Orders that never became final, or a 202 whose order does not exist. */
  lost: number;
  /** Orders beyond the first for one checkout intent, and PaymentAuthorized events beyond the first for one order (a shopper charged twice). */
  duplicated: number;
  /** Σ over the fault's products of |stock before − stock now − confirmed quantity|. */
  stockDrift: number;
  /** Lines missing from the cart of a shopper whose order is not CONFIRMED. */
  cartLinesLost: number;
  /** From the fault's end until every order is final and every service ready; undefined if not within the bound. */
  recoverMs?: number;
  recoverBoundMs: number;
  trace: string;
  notes: string;
  /** The fault could not be injected: the row measures nothing. */
  injectionError?: string;
  /** Orders that ended otherwise than the row expects (FaultSpec.expectedOf), or CONFIRMED unpaid; in the notes too. */
  unexpected: string[];
  /** Checkouts refused otherwise than "retry later" (503, 504, no answer), as `status×count`; in the notes too ("not accepted"). */
  refusals: string[];
  /** A check that could not be made (the payments topic unread); in the notes too. */
  checkError?: string;
}

export const invariantColumns = ['lost', 'duplicated', 'stockDrift', 'cartLinesLost'] as const;

export const tablePath = join(workspaceRoot, 'tmp/test-results/fault-table.md');

export function formatTable(rows: FaultRow[]): string {
  const header = ['fault', 'orders placed', 'final', 'lost', 'duplicated', 'stock drift', 'cart lines lost', 'time to recover', 'trace (error span)', 'notes'];
  const recover = (row: FaultRow) => (row.recoverMs === undefined ? `> ${row.recoverBoundMs / 1000} s` : `${(row.recoverMs / 1000).toFixed(1)} s`);
  const lines = rows.map((row) => [row.fault, row.placed, row.final, row.lost, row.duplicated, row.stockDrift, row.cartLinesLost, recover(row), row.trace, row.notes].join(' | '));
  return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...lines.map((line) => `| ${line} |`)].join('\n');
}

export function writeTable(rows: FaultRow[], preamble: string): string {
  const table = `${preamble}\n\n${formatTable(rows)}\n`;
  mkdirSync(dirname(tablePath), { recursive: true });
  writeFileSync(tablePath, table);
  return table;
}
