import { codeOwner, CpuProfile, selfTimes } from './cpu-profile';

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(idle)', '') },
    { id: 2, callFrame: frame('serialize', 'file:///w/node_modules/@nestjs/microservices/x.js', 9) },
    { id: 3, callFrame: frame('parse', 'file:///w/node_modules/bson/lib/bson.cjs', 99) },
    { id: 4, callFrame: frame('', 'file:///w/dist/apps/catalog/main.js', 4) },
  ],
  samples: [1, 2, 3, 3, 4, 1],
  timeDeltas: [500, 1000, 1000, 1000, 1000, 500],
};

describe('CPU profile summary', () => {
  it('sums self time by package, largest first', () => {
    expect(selfTimes(profile, 'owner')).toEqual([
      { name: 'bson', ms: 2, percent: 40 },
      { name: '(idle)', ms: 1, percent: 20 },
      { name: '@nestjs/microservices', ms: 1, percent: 20 },
      { name: 'bazaar (app code)', ms: 1, percent: 20 },
    ]);
  });

  it('names functions with their file and line', () => {
    expect(selfTimes(profile, 'frame', 1)).toEqual([{ name: 'parse bson/lib/bson.cjs:100', ms: 2, percent: 40 }]);
    expect(selfTimes(profile, 'frame').map(({ name }) => name)).toContain('(anonymous) dist/apps/catalog/main.js:5');
  });

  it('tells Node’s internals from packages and pseudo-frames', () => {
    expect(codeOwner('node:internal/streams/writable', 'write')).toBe('node (internals)');
    expect(codeOwner('', '(garbage collector)')).toBe('(garbage collector)');
    expect(codeOwner('', 'writeUtf8String')).toBe('(native)');
  });
});
