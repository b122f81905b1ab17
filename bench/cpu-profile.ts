/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and answers "where did the time go": self
 * time per function and per place (a file of ours, a dependency, node's internals, GC, idle).
 */
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from './paths.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  /** Self time (ms). */
  ms: number;
  /** Share of all sampled time, idle included. */
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  byFunction: SelfTime[];
  byPlace: SelfTime[];
}

export function summarizeProfile(file: string, top: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time between sample i-1 and sample i; it belongs to what ran before sample i.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    const next = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + next);
  }
  let totalUs = 0;
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)?.callFrame;
    if (frame === undefined) continue;
    totalUs += us;
    const place = placeOf(frame.url, frame.functionName);
    const name = frame.url === '' ? frame.functionName : `${frame.functionName || '(anonymous)'} ${place}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  }
  const ranked = (map: Map<string, number>): SelfTime[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: totalUs === 0 ? 0 : us / totalUs }));
  return { totalMs: totalUs / 1000, byFunction: ranked(byFunction), byPlace: ranked(byPlace) };
}

/** `file:///repo/dist/src/x.js` → `dist/src/x.js`; `node_modules/zod/...` → `zod/...`; `node:internal/...` as is. */
function placeOf(url: string, functionName: string): string {
  if (url === '') return functionName; // (garbage collector), (program), (idle), native code
  const root = `file://${REPO_ROOT}`;
  let path = url.startsWith(root) ? url.slice(root.length) : url;
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) path = path.slice(modules + 'node_modules/'.length);
  return path;
}
