import { searchWordsOf } from './catalog-snapshot';

describe('searchWordsOf', () => {
  it('takes distinct words of four letters or more from product names', () => {
    expect(searchWordsOf([{ name: 'Enamel Kettle 1.5 l' }, { name: 'Linen Tea Towel' }, { name: 'Kettle Descaler' }])).toEqual([
      'descaler',
      'enamel',
      'kettle',
      'linen',
      'towel',
    ]);
  });
});
