import { hashString, SeededRandom } from './seeded-random.util';

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, ((r) => () => r.next())(new SeededRandom(seed)));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws integers within bounds, both ends included', () => {
    const random = new SeededRandom(7);
    const seen = new Set(Array.from({ length: 500 }, () => random.int(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('hashes text stably', () => {
    expect(hashString('kitchen')).toBe(hashString('kitchen'));
    expect(hashString('kitchen')).not.toBe(hashString('garden'));
  });
});
