// CPU time per process group from /proc over one phase: named processes (a server, the load generator),
// the PostgreSQL processes (of one server, given its postmaster), the kernel's softirq time (the loopback
// network stack's receive side runs there), the hypervisor's steal and every other process, with the
// machine's busy share.
import { execFile } from 'node:child_process';
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
  readonly ppid: number;
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
      ppid: Number(fields[1]),
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

/** The parent of a process (e.g. the postmaster of a PostgreSQL backend, from `SELECT pg_backend_pid()`). */
export function parentPid(pid: number): number | undefined {
  return procTicks(String(pid))?.ppid;
}

export interface CpuUseOptions {
  /**
   * The postmaster of the bench's PostgreSQL server: only it and its children count as `postgres`; other
   * PostgreSQL processes (other servers on a shared machine) count as other processes. Unset: every process
   * named postgres.
   */
  readonly postmaster?: number;
}

export function cpuUse(
  before: CpuSnapshot,
  after: CpuSnapshot,
  groups: Record<string, number | undefined>,
  options: CpuUseOptions = {},
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
  const ours = (pid: number, ppid: number) =>
    options.postmaster === undefined || pid === options.postmaster || ppid === options.postmaster;
  for (const [pid, { comm, ppid }] of after.ticks) {
    if (named.has(pid)) continue;
    const d = delta(pid);
    if (comm === 'postgres' && ours(pid, ppid)) pg += d;
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

/** One line of `vmstat 1 n` (the first one averages since boot and is left out); shares in %. */
export interface VmstatSample {
  /** Runnable processes (running or waiting for a CPU). */
  readonly r: number;
  readonly us: number;
  readonly sy: number;
  readonly id: number;
  readonly wa: number;
  /** CPU time stolen by the hypervisor for other guests. */
  readonly st: number;
}

/**
 * `vmstat 1 <seconds + 1>` before a run: how busy the shared machine already is and how much the hypervisor
 * steals. Answers the per-second samples (not the since-boot line); none when vmstat is missing.
 */
export function vmstat(seconds = 2): Promise<VmstatSample[]> {
  return new Promise((resolve) => {
    execFile('vmstat', ['1', String(seconds + 1)], { timeout: (seconds + 5) * 1000 }, (error, stdout) => {
      if (error) return resolve([]);
      const lines = stdout.trim().split('\n');
      const header = lines
        .find((l) => /\bus\b.*\bst\b/.test(l))
        ?.trim()
        .split(/\s+/);
      if (!header) return resolve([]);
      const rows = lines
        .filter((l) => /^\s*\d/.test(l))
        .slice(1)
        .map((l) => l.trim().split(/\s+/).map(Number));
      const at = (row: number[], name: string) => row[header.indexOf(name)] ?? NaN;
      resolve(
        rows.map((row) => ({
          r: at(row, 'r'),
          us: at(row, 'us'),
          sy: at(row, 'sy'),
          id: at(row, 'id'),
          wa: at(row, 'wa'),
          st: at(row, 'st'),
        })),
      );
    });
  });
}
