/** The parts of a V8 .cpuprofile (what `node --cpu-prof` writes) that self time needs. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  /** Microseconds since the previous sample. */
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  /** Share of the CPU time the process used (idle excluded). */
  percent: number;
}

/** Milliseconds since the profile started (about when the process started). */
export interface ProfileWindow {
  fromMs: number;
  toMs: number;
}

/** Where a frame's code lives: an npm package, Node's internals, this workspace, or V8's pseudo-frames. */
export function codeOwner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1];
  if (url.startsWith('node:')) return 'node (internals)';
  if (url.includes('/dist/apps/')) return 'bazaar (app code)';
  return url;
}

function frameName({ functionName, url, lineNumber }: CpuProfile['nodes'][number]['callFrame']): string {
  const where = url ? ` ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${where}`;
}

const percentOf = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

/**
 * Self time summed by `keyOf` over the samples inside `window` (so boot and shutdown stay out),
 * largest first, with how busy the process was over the window.
 */
export function selfTimes(profile: CpuProfile, keyOf: 'frame' | 'owner', top = 20, window?: ProfileWindow): { busyPercent: number; top: SelfTime[] } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, number>();
  let elapsed = 0;
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    elapsed += micros;
    const frame = nodes.get(id);
    if (!frame || (window && (elapsed < window.fromMs * 1000 || elapsed > window.toMs * 1000))) return;
    if (frame.functionName === '(idle)') {
      idle += micros;
      return;
    }
    const key = keyOf === 'frame' ? frameName(frame) : codeOwner(frame.url, frame.functionName);
    totals.set(key, (totals.get(key) ?? 0) + micros);
    busy += micros;
  });
  return {
    busyPercent: percentOf(busy, busy + idle),
    top: [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, ms: Math.round(micros / 1000), percent: percentOf(micros, busy) })),
  };
}

/**
 * Inclusive shares: for each named cost, the share of the busy time inside `window` whose stack
 * holds a frame the cost's pattern matches (tested against "function url"), its callees included.
 * Costs may overlap (a log line written from inside a guard counts in both).
 */
export function inclusiveShares(profile: CpuProfile, costs: Record<string, RegExp>, window?: ProfileWindow): Record<string, number> {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const frames = new Map(profile.nodes.map((node) => [node.id, `${node.callFrame.functionName} ${node.callFrame.url}`]));
  const matched = new Map<number, string[]>();
  const costsOf = (id: number): string[] => {
    let found = matched.get(id);
    if (!found) {
      const parent = parents.get(id);
      const own = Object.keys(costs).filter((name) => costs[name].test(frames.get(id) ?? ''));
      found = [...new Set([...own, ...(parent === undefined ? [] : costsOf(parent))])];
      matched.set(id, found);
    }
    return found;
  };
  const totals = new Map<string, number>();
  let elapsed = 0;
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    elapsed += micros;
    if (window && (elapsed < window.fromMs * 1000 || elapsed > window.toMs * 1000)) return;
    if (frames.get(id)?.startsWith('(idle) ')) return;
    busy += micros;
    for (const name of costsOf(id)) totals.set(name, (totals.get(name) ?? 0) + micros);
  });
  return Object.fromEntries(Object.keys(costs).map((name) => [name, percentOf(totals.get(name) ?? 0, busy)]));
}
