// CPU time per process group from /proc over one phase: named processes (a server, the load generator),
// all PostgreSQL processes, the kernel's softirq time (the loopback network stack's receive side runs
// there), the hypervisor's steal and every other process, with the machine's busy share.
import fs from 'node:fs';

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

export interface CpuSnapshot {
  readonly at: number;
  /** /proc/stat's cpu line: user nice system idle iowait irq softirq steal (ticks). */
  readonly machine: number[];
  /** utime + stime of every process, its start time (tells a reused pid apart) and its name. */
  readonly ticks: Map<number, ProcTicks>;
}

interface ProcTicks {
  readonly ticks: number;
  readonly start: string;
  readonly comm: string;
}

function procTicks(pid: string): ProcTicks | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return {
      ticks: Number(fields[11]) + Number(fields[12]),
      start: fields[19],
      // kworkers rename themselves with what they work on: keep the stable part
      comm: stat.slice(stat.indexOf('(') + 1, close).replace(/^(kworker\/[^-]+)-.*$/, '$1'),
    };
  } catch {
    return undefined; // gone
  }
}

export function cpuSnapshot(): CpuSnapshot {
  const machine = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  const ticks = new Map<number, ProcTicks>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = procTicks(entry);
    if (t) ticks.set(Number(entry), t);
  }
  return { at: Date.now(), machine, ticks };
}

export interface CpuUse {
  readonly wall_s: number;
  /** Share of the whole machine (all cores) that was busy (anything but idle and iowait). */
  readonly machine_busy: number;
  /**
   * CPU seconds in the interval: the named processes, all PostgreSQL processes, the kernel's softirq time
   * (on 127.0.0.1 the network stack's receive path runs there, attributed to no process), time stolen by
   * the hypervisor, and every other process.
   */
  readonly cpu_s: Record<string, number>;
  /** The busiest other processes (name: CPU seconds). */
  readonly other_top: Record<string, number>;
}

export function cpuUse(
  before: CpuSnapshot,
  after: CpuSnapshot,
  groups: Record<string, number | undefined>,
): CpuUse {
  const s = (ticks: number) => Math.round(ticks * TICK_MS) / 1000;
  const delta = (pid: number) => {
    const a = after.ticks.get(pid);
    const b = before.ticks.get(pid);
    return a ? a.ticks - (b && b.start === a.start ? b.ticks : 0) : 0;
  };
  const cpu: Record<string, number> = {};
  const named = new Set<number>();
  for (const [name, pid] of Object.entries(groups)) {
    if (pid === undefined) continue;
    cpu[name] = s(delta(pid));
    named.add(pid);
  }
  let pg = 0;
  const others = new Map<string, number>();
  for (const [pid, { comm }] of after.ticks) {
    if (named.has(pid)) continue;
    const d = delta(pid);
    if (comm === 'postgres') pg += d;
    else if (d > 0) others.set(comm, (others.get(comm) ?? 0) + d);
  }
  cpu.postgres = s(pg);
  const m = (i: number) => after.machine[i] - before.machine[i];
  cpu.kernel_softirq = s(m(5) + m(6));
  cpu.steal = s(m(7));
  cpu.other_processes = s([...others.values()].reduce((a, b) => a + b, 0));
  const total = after.machine.reduce((a, b) => a + b, 0) - before.machine.reduce((a, b) => a + b, 0);
  return {
    wall_s: (after.at - before.at) / 1000,
    machine_busy: (total - m(3) - m(4)) / Math.max(1, total),
    cpu_s: cpu,
    other_top: Object.fromEntries(
      [...others]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([name, t]) => [name, s(t)]),
    ),
  };
}
