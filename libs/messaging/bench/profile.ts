// A CPU profile of the consumer process over one window (node:inspector), summarised by where the code
// lives: which library (TypeORM, pg, kafkajs, Nest, ajv, …) or our messaging code the samples fall in.
import { Session } from 'node:inspector';

export interface ProfileSummary {
  readonly sampled_ms: number;
  /** Share of the sampled time per category (idle excluded from the percentages). */
  readonly by_category: { category: string; ms: number; share: number }[];
  readonly top_functions: { fn: string; where: string; ms: number; share: number }[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
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

function categoryOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (!url) {
    if (functionName === '(idle)') return 'idle';
    if (
      /^(writev|writeBuffer|writeUtf8String|writeLatin1String|writeAsciiString|writeUcs2String)$/.test(
        functionName,
      )
    )
      return 'socket writes (native)';
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return 'V8/native (program)';
    return 'V8/native';
  }
  const libs: [RegExp, string][] = [
    [/node_modules\/typeorm\//, 'typeorm'],
    [/node_modules\/(pg|pg-protocol|pg-pool|pg-types|pgpass|postgres-[a-z]+)\//, 'pg driver'],
    [/node_modules\/kafkajs\//, 'kafkajs'],
    [/node_modules\/@nestjs\//, 'nest'],
    [/node_modules\/rxjs\//, 'rxjs'],
    [/node_modules\/(ajv|ajv-formats|fast-uri|fast-deep-equal)\//, 'ajv (contract validation)'],
    [/node_modules\/reflect-metadata\//, 'reflect-metadata'],
    [/libs\/messaging\/src\//, 'our messaging code'],
    [/libs\/contracts\/src\//, 'our contracts code'],
    [/libs\/messaging\/bench\//, 'bench instrumentation'],
    [/^node:/, 'node core (net, buffers, timers, …)'],
    [/node_modules\//, 'other node_modules'],
  ];
  for (const [pattern, name] of libs) if (pattern.test(url)) return name;
  return 'other';
}

function shorten(url: string, line: number): string {
  const i = url.lastIndexOf('node_modules/');
  const j = url.indexOf('/libs/');
  const tail = i >= 0 ? url.slice(i + 'node_modules/'.length) : j >= 0 ? url.slice(j + 1) : url;
  return `${tail.replace(/^file:\/\//, '')}:${line + 1}`;
}

export function summarise(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const categories = new Map<string, number>();
  const functions = new Map<string, { fn: string; where: string; ms: number }>();
  let total = 0;
  let busy = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const category = categoryOf(node);
    total += ms;
    categories.set(category, (categories.get(category) ?? 0) + ms);
    if (category === 'idle') continue;
    busy += ms;
    const fn = node.callFrame.functionName || '(anonymous)';
    const where = node.callFrame.url ? shorten(node.callFrame.url, node.callFrame.lineNumber) : category;
    const key = `${fn}@${where}`;
    const entry = functions.get(key) ?? { fn, where, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
  }
  const share = (ms: number) => Math.round((ms / Math.max(busy, 1e-9)) * 1000) / 1000;
  return {
    sampled_ms: Math.round(total),
    by_category: [...categories]
      .map(([category, ms]) => ({ category, ms: Math.round(ms), share: category === 'idle' ? 0 : share(ms) }))
      .sort((a, b) => b.ms - a.ms),
    top_functions: [...functions.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 15)
      .map((f) => ({ ...f, ms: Math.round(f.ms), share: share(f.ms) })),
  };
}
