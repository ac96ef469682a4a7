// A CPU profile of a server process over one load phase (node:inspector, 0.5 ms sampling), summarised by
// where the code lives — self time per library (Nest, Fastify, class-validator, TypeORM, pg, …) and our
// code — plus the inclusive time of our own functions (what a request spends under each of them).
import { Session } from 'node:inspector';

export interface ProfileSummary {
  readonly sampled_ms: number;
  readonly idle_ms: number;
  /** Self time per category, share of the non-idle time. */
  readonly by_category: { category: string; ms: number; share: number }[];
  /** Functions with the most self time. */
  readonly top_self: { fn: string; where: string; ms: number; share: number }[];
  /** Our functions (services/, libs/) with the most inclusive time: the function and what it calls. */
  readonly top_inclusive: { fn: string; where: string; ms: number; share: number }[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

let session: Session | undefined;

function post<T>(method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session!.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

export async function startProfile(): Promise<void> {
  session = new Session();
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
}

export async function stopProfile(): Promise<ProfileSummary> {
  const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
  await post('Profiler.disable');
  session!.disconnect();
  session = undefined;
  return summarise(profile);
}

const LIBRARIES: [RegExp, string][] = [
  [/node_modules\/typeorm\//, 'typeorm'],
  [/node_modules\/(pg|pg-protocol|pg-pool|pg-types|pgpass|postgres-[a-z]+)\//, 'pg driver'],
  [/node_modules\/@nestjs\/swagger\//, 'nest (swagger)'],
  [/node_modules\/@nestjs\//, 'nest'],
  [/node_modules\/(fastify|@fastify|find-my-way|light-my-request|avvio|fast-json-stringify)\//, 'fastify'],
  [/node_modules\/class-validator\//, 'class-validator'],
  [/node_modules\/class-transformer\//, 'class-transformer'],
  [/node_modules\/(libphonenumber-js|validator)\//, 'class-validator (validator.js)'],
  [/node_modules\/rxjs\//, 'rxjs'],
  [/node_modules\/(pino|pino-std-serializers|sonic-boom|thread-stream)\//, 'pino'],
  [/node_modules\/prom-client\//, 'prom-client'],
  [/node_modules\/(ajv|ajv-formats|fast-uri|fast-deep-equal)\//, 'ajv'],
  [/node_modules\/reflect-metadata\//, 'reflect-metadata'],
  [/node_modules\/(@swc|pirates|source-map-support)\//, 'runtime (swc register)'],
  [/services\/[a-z-]+\/src\//, 'service code'],
  [/libs\/eventstore\/src\//, 'our event store'],
  [/libs\/(eventsourcing|projections|messaging|platform|contracts|reference-data)\/src\//, 'our libs'],
  [/(services\/[a-z-]+\/bench|libs\/testing\/src\/bench)\//, 'bench instrumentation'],
  [/^node:/, 'node core'],
  [/node_modules\//, 'other node_modules'],
];

function categoryOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (!url) {
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(garbage collector)') return 'GC';
    if (/^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(functionName))
      return 'socket writes (native)';
    return 'V8/native';
  }
  for (const [pattern, name] of LIBRARIES) if (pattern.test(url)) return name;
  return 'other';
}

function shorten(url: string, line: number): string {
  const i = url.lastIndexOf('node_modules/');
  const j = url.search(/\/(libs|services)\//);
  const tail = i >= 0 ? url.slice(i + 'node_modules/'.length) : j >= 0 ? url.slice(j + 1) : url;
  return `${tail.replace(/^file:\/\//, '')}:${line + 1}`;
}

const OURS = /\/(services\/[a-z-]+\/src|libs\/[a-z-]+\/src)\//;

export function summarise(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const categories = new Map<string, number>();
  const selfFns = new Map<string, { fn: string; where: string; ms: number }>();
  const inclusive = new Map<string, { fn: string; where: string; ms: number }>();
  let total = 0;
  let idle = 0;
  const keyOf = (node: ProfileNode) => {
    const fn = node.callFrame.functionName || '(anonymous)';
    const where = node.callFrame.url
      ? shorten(node.callFrame.url, node.callFrame.lineNumber)
      : categoryOf(node);
    return { key: `${fn}@${where}`, fn, where };
  };
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const category = categoryOf(node);
    total += ms;
    categories.set(category, (categories.get(category) ?? 0) + ms);
    if (category === 'idle') {
      idle += ms;
      continue;
    }
    const { key, fn, where } = keyOf(node);
    const entry = selfFns.get(key) ?? { fn, where, ms: 0 };
    entry.ms += ms;
    selfFns.set(key, entry);
    // Inclusive: every distinct function of ours on the stack gets the sample once.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!;
      if (!OURS.test(frame.callFrame.url)) continue;
      const k = keyOf(frame);
      if (seen.has(k.key)) continue;
      seen.add(k.key);
      const e = inclusive.get(k.key) ?? { fn: k.fn, where: k.where, ms: 0 };
      e.ms += ms;
      inclusive.set(k.key, e);
    }
  }
  const busy = Math.max(total - idle, 1e-9);
  const share = (ms: number) => Math.round((ms / busy) * 1000) / 1000;
  const top = (m: Map<string, { fn: string; where: string; ms: number }>, n: number) =>
    [...m.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, n)
      .map((f) => ({ ...f, ms: Math.round(f.ms), share: share(f.ms) }));
  return {
    sampled_ms: Math.round(total),
    idle_ms: Math.round(idle),
    by_category: [...categories]
      .filter(([category]) => category !== 'idle')
      .map(([category, ms]) => ({ category, ms: Math.round(ms), share: share(ms) }))
      .sort((a, b) => b.ms - a.ms),
    top_self: top(selfFns, 15),
    top_inclusive: top(inclusive, 20),
  };
}
