/** The parts of a V8 .cpuprofile (what `node --cpu-prof` writes) that self time needs. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
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
