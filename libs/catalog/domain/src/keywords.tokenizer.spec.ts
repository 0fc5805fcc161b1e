import { foldText, nameSortKey, productKeywords, tokenize } from './keywords.tokenizer';

describe('keyword tokenizer', () => {
  it('folds case and accents', () => {
    expect(foldText('Crème Brûlée ÅNGSTRÖM')).toBe('creme brulee angstrom');
  });

  it('splits on anything that is not a letter or digit, keeps distinct words of two or more characters', () => {
    expect(tokenize('USB-C charger, 65 W — USB-C!')).toEqual(['usb', 'charger', '65']);
    expect(tokenize("Chef's knife")).toEqual(['chef', 'knife']);
    expect(tokenize('  ')).toEqual([]);
  });

  it('indexes name, description, category and attribute values, but not attribute names', () => {
    const keywords = productKeywords(
      { name: 'Nordhavn Enamel Kettle', description: 'Boils quickly.', attributes: { Colour: 'Forest Green', 'Width (cm)': '20' } },
      { name: 'Kitchen' },
    );
    expect(keywords).toEqual(['nordhavn', 'enamel', 'kettle', 'boils', 'quickly', 'kitchen', 'forest', 'green', '20']);
    expect(keywords).not.toContain('colour');
  });

  it('makes a name sort key that orders case- and accent-insensitively', () => {
    const names = ['zebra Mat', 'Émile Vase', 'apple Box', 'Eagle  Lamp'];
    expect([...names].sort((a, b) => (nameSortKey(a) < nameSortKey(b) ? -1 : 1))).toEqual(['apple Box', 'Eagle  Lamp', 'Émile Vase', 'zebra Mat']);
    expect(nameSortKey('Eagle  Lamp')).toBe('eagle lamp');
  });
});
