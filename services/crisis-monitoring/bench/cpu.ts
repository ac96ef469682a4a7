// CPU time over a phase (@baton/testing/bench's cpuUse), PostgreSQL counted as this bench's server only: on a
// shared machine other people's PostgreSQL servers are "other processes", not ours.
import fs from 'node:fs';
import { cpuSnapshot, cpuUse, parentPid, type CpuSnapshot, type CpuUse } from '@baton/testing/bench';
import type { Client } from 'pg';

let postmaster: number | undefined;

/** Finds the bench server's postmaster (the parent of this connection's backend), when it runs on this machine. */
export async function findPostmaster(client: Client): Promise<number | undefined> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const parent = parentPid(rows[0].pid);
  const comm = parent ? fs.readFileSync(`/proc/${parent}/comm`, 'utf8').trim() : '';
  postmaster = comm === 'postgres' ? parent : undefined;
  return postmaster;
}

/** CPU use since `before` by the named processes, our PostgreSQL server and the rest. */
export function cpuSince(before: CpuSnapshot, groups: Record<string, number | undefined>): CpuUse {
  return cpuUse(before, cpuSnapshot(), groups, { postmaster });
}
