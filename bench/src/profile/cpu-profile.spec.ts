import { codeOwner, CpuProfile, inclusiveShares, selfTimes } from './cpu-profile';

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
  it('sums self time by package, largest first, as shares of the busy time', () => {
    expect(selfTimes(profile, 'owner')).toEqual({
      busyPercent: 80,
      top: [
        { name: 'bson', ms: 2, percent: 50 },
        { name: '@nestjs/microservices', ms: 1, percent: 25 },
        { name: 'bazaar (app code)', ms: 1, percent: 25 },
      ],
    });
  });

  it('names functions with their file and line', () => {
    expect(selfTimes(profile, 'frame', 1).top).toEqual([{ name: 'parse bson/lib/bson.cjs:100', ms: 2, percent: 50 }]);
    expect(selfTimes(profile, 'frame').top.map(({ name }) => name)).toContain('(anonymous) dist/apps/catalog/main.js:5');
  });

  it('keeps only the samples inside the window', () => {
    // Samples end at 0.5, 1.5, 2.5, 3.5, 4.5 and 5 ms: the window 1–3 ms holds one of Nest and one of bson.
    expect(selfTimes(profile, 'owner', 10, { fromMs: 1, toMs: 3 }).top.map(({ name }) => name)).toEqual(['@nestjs/microservices', 'bson']);
  });

  it('tells Node’s internals from packages and pseudo-frames', () => {
    expect(codeOwner('node:internal/streams/writable', 'write')).toBe('node (internals)');
    expect(codeOwner('', '(garbage collector)')).toBe('(garbage collector)');
    expect(codeOwner('', 'writeUtf8String')).toBe('(native)');
  });
});

describe('inclusive shares', () => {
  // (root) → handle (app) → log (pino) → write (node); handle → send (microservices)
  const tree: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 6] },
      { id: 2, callFrame: frame('handle', 'file:///w/dist/apps/gateway/main.js'), children: [3, 5] },
      { id: 3, callFrame: frame('log', 'file:///w/node_modules/pino/lib/proto.js'), children: [4] },
      { id: 4, callFrame: frame('write', 'node:fs') },
      { id: 5, callFrame: frame('send', 'file:///w/node_modules/@nestjs/microservices/client.js') },
      { id: 6, callFrame: frame('(idle)', '') },
    ],
    samples: [4, 4, 3, 5, 2, 6],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
  };

  it('counts a cost’s callees in it, as a share of the busy time', () => {
    expect(inclusiveShares(tree, { log: /node_modules\/pino\//, hop: /@nestjs\/microservices/, app: /dist\/apps/ })).toEqual({ log: 60, hop: 20, app: 100 });
  });
});
