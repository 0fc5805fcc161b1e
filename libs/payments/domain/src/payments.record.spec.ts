import { toPaymentsView } from './payments.record';

describe('toPaymentsView', () => {
  it('answers the record with its time in ISO 8601', () => {
    expect(toPaymentsView({ id: 'r1', updatedAt: new Date('2026-01-01T10:00:00Z') })).toEqual({ id: 'r1', updatedAt: '2026-01-01T10:00:00.000Z' });
  });
});
