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
  percent: number;
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

/** Self time summed by `keyOf` over all samples, largest first. */
export function selfTimes(profile: CpuProfile, keyOf: 'frame' | 'owner', top = 20): SelfTime[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, index) => {
    const frame = nodes.get(id);
    if (!frame) return;
    const micros = profile.timeDeltas[index] ?? 0;
    const key = keyOf === 'frame' ? frameName(frame) : codeOwner(frame.url, frame.functionName);
    totals.set(key, (totals.get(key) ?? 0) + micros);
    all += micros;
  });
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => ({ name, ms: Math.round(micros / 1000), percent: Math.round((micros / all) * 1000) / 10 }));
}
