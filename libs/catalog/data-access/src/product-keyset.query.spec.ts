import { Types } from 'mongoose';
import { keysetAfter, keysetSort, keywordFilter } from './product-keyset.query';

const id = '0123456789abcdef01234567';

describe('product keyset queries', () => {
  it('sorts by the sort field and then _id in the same direction', () => {
    expect(keysetSort('newest')).toEqual({ createdAt: -1, _id: -1 });
    expect(keysetSort('price_asc')).toEqual({ 'price.amount': 1, _id: 1 });
    expect(keysetSort('price_desc')).toEqual({ 'price.amount': -1, _id: -1 });
    expect(keysetSort('name')).toEqual({ sortName: 1, _id: 1 });
    expect(Object.keys(keysetSort('price_desc'))).toEqual(['price.amount', '_id']);
  });

  it('continues strictly after the cursor, breaking ties on _id', () => {
    expect(keysetAfter({ sort: 'price_asc', value: 999, id })).toEqual({
      $or: [{ 'price.amount': { $gt: 999 } }, { 'price.amount': 999, _id: { $gt: new Types.ObjectId(id) } }],
    });
    expect(keysetAfter({ sort: 'newest', value: 0, id })).toEqual({
      $or: [{ createdAt: { $lt: new Date(0) } }, { createdAt: new Date(0), _id: { $lt: new Types.ObjectId(id) } }],
    });
  });

  it('requires every word and a keyword starting with the last one, regex characters taken literally', () => {
    expect(keywordFilter({ words: [], prefix: 'ket' })).toEqual({ keywords: { $regex: '^ket' } });
    expect(keywordFilter({ words: ['enamel', 'green'], prefix: 'a.b' })).toEqual({
      $and: [{ keywords: { $all: ['enamel', 'green'] } }, { keywords: { $regex: '^a\\.b' } }],
    });
  });
});
