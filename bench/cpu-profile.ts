/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and answers "where did the time go": self
 * time per pipeline stage (decided from each sample's call chain), per function and per file.
 */
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from './paths.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
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
  byStage: SelfTime[];
  byFunction: SelfTime[];
  byPlace: SelfTime[];
}

/**
 * Pipeline stages, first match wins, tested against the sample's frame (`self`) or any frame on
 * its call chain (`chain`). Builtins such as JSON.parse and JSON.stringify have no frame of their
 * own: their time is the self time of the function that called them.
 */
const STAGES: { stage: string; self?: RegExp; chain?: RegExp }[] = [
  { stage: 'garbage collection', self: /^\(garbage collector\)@/ },
  { stage: 'idle (waiting for I/O)', self: /^\(idle\)@/ },
  { stage: 'startup: loading modules', chain: /@node:internal\/modules\/|^compileSourceTextModule@|^compileForInternalLoader@/ },
  { stage: 'request body string → bytes (Buffer.from in undici)', chain: /^createFromString@node:buffer/ },
  { stage: 'HTTP: undici and sockets', chain: /\/undici\/|^writev@|^writeGeneric@|@node:net$/ },
  { stage: 'message validation (zod)', chain: /\/zod\// },
  { stage: 'JSON.parse of each line (parseLine)', self: /\/src\/input\/parse\.js$/ },
  { stage: 'mapping (src/mapping)', chain: /\/src\/mapping\// },
  { stage: "each item's JSON text (JSON.stringify in itemText)", self: /^itemText@.*\/src\/delivery\/item-text\.js$/ },
  { stage: 'request bodies written into Buffers', chain: /\/src\/delivery\/request-body\.js$/ },
  {
    stage: 'stdin → lines (streams, split2)',
    chain: /\/split2\/|\/src\/input\/lines\.js$|@node:internal\/streams\/|@node:string_decoder$|^RegExp: |^createAsyncIterator@|^read@node:fs$/,
  },
  { stage: 'engine, queues, ledger, sync loop, output', chain: /\/src\/(delivery|state|sync|output|catalog|protocol)\// },
];

export function summarizeProfile(file: string, top: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time between sample i-1 and sample i; it belongs to what ran before sample i.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }

  let totalUs = 0;
  const byStage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)?.callFrame;
    if (frame === undefined) continue;
    totalUs += us;
    const place = placeOf(frame);
    add(byFunction, frame.url === '' ? frame.functionName || '(native)' : `${frame.functionName || '(anonymous)'} ${place}:${frame.lineNumber + 1}`, us);
    add(byPlace, place, us);
    add(byStage, stageOf(id, nodes, parents), us);
  }
  const ranked = (map: Map<string, number>, limit: number): SelfTime[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, ms: us / 1000, share: totalUs === 0 ? 0 : us / totalUs }));
  return { totalMs: totalUs / 1000, byStage: ranked(byStage, STAGES.length + 1), byFunction: ranked(byFunction, top), byPlace: ranked(byPlace, top) };
}

function stageOf(id: number, nodes: Map<number, ProfileNode>, parents: Map<number, number>): string {
  const chain: string[] = [];
  for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
    const frame = nodes.get(current)?.callFrame;
    if (frame !== undefined) chain.push(`${frame.functionName}@${frame.url}`);
  }
  for (const { stage, self, chain: anywhere } of STAGES) {
    if (self?.test(chain[0] ?? '') || (anywhere !== undefined && chain.some((frame) => anywhere.test(frame)))) return stage;
  }
  return 'other';
}

/** `file:///repo/dist/src/x.js` → `dist/src/x.js`; `node_modules/zod/...` → `zod/...`; `node:internal/...` as is. */
function placeOf(frame: CallFrame): string {
  if (frame.url === '') return frame.functionName || '(native)'; // (garbage collector), (program), (idle), builtins
  const root = `file://${REPO_ROOT}`;
  let path = frame.url.startsWith(root) ? frame.url.slice(root.length) : frame.url;
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) path = path.slice(modules + 'node_modules/'.length);
  return path;
}
