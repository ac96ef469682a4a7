import type { RecordedEvent } from '@baton/eventsourcing';
import type { EntityManager } from 'typeorm';
import { combineProjections } from './combined';
import type { Projection } from './projection';

const manager = {} as EntityManager; // the parts below record what they get; none touches the manager

function event(streamId: string, type: string, n: number): RecordedEvent {
  return {
    id: `e${n}`,
    streamId,
    revision: n,
    position: { commit: BigInt(n), prepare: BigInt(n) },
    type,
    data: {},
    schemaVersion: 1,
    metadata: { recordedAt: '2026-11-22T00:00:00.000Z' },
  };
}

function recorder(name: string, filter?: Projection['filter']) {
  const seen: string[][] = [];
  const resets: string[] = [];
  const projection: Projection = {
    name,
    filter,
    async apply(events) {
      seen.push(events.map((e) => e.id));
    },
    async reset() {
      resets.push(name);
    },
  };
  return { projection, seen, resets };
}

describe('combineProjections', () => {
  const batch = [
    event('agency-1', 'AgencyRegistered', 1),
    event('case-1', 'CaseOpened', 2),
    event('agency-2', 'AgencyRegistered', 3),
    event('case-1', 'HandoffProposed', 4),
    event('firm-1', 'FirmRegistered', 5),
  ];

  it('given parts with their own filters, when a batch is applied, then each part sees exactly its events in store order', async () => {
    const agencies = recorder('agencies', { streamPrefixes: ['agency-'] });
    const cases = recorder('cases', { streamPrefixes: ['case-'] });
    const proposals = recorder('proposals', { streamPrefixes: ['case-'], eventTypes: ['HandoffProposed'] });
    const combined = combineProjections('all', [agencies.projection, cases.projection, proposals.projection]);

    await combined.apply(batch, manager);

    expect(agencies.seen).toEqual([['e1', 'e3']]);
    expect(cases.seen).toEqual([['e2', 'e4']]);
    expect(proposals.seen).toEqual([['e4']]);
  });

  it('given a part none of whose events are in the batch, then it is not called', async () => {
    const agencies = recorder('agencies', { streamPrefixes: ['agency-'] });
    const programs = recorder('programs', { streamPrefixes: ['program-'] });
    await combineProjections('all', [agencies.projection, programs.projection]).apply(batch, manager);
    expect(programs.seen).toEqual([]);
  });

  it('given prefix-only parts, then the store-side filter is the union of their prefixes', () => {
    const combined = combineProjections('all', [
      recorder('a', { streamPrefixes: ['agency-'] }).projection,
      recorder('b', { streamPrefixes: ['case-', 'agency-'] }).projection,
    ]);
    expect(combined.filter).toEqual({ streamPrefixes: ['agency-', 'case-'] });
  });

  it('given a part filtering by event type or not at all, then the store-side filter lets everything through', () => {
    expect(
      combineProjections('all', [
        recorder('a', { streamPrefixes: ['agency-'] }).projection,
        recorder('b', { eventTypes: ['CaseOpened'] }).projection,
      ]).filter,
    ).toBeUndefined();
    expect(
      combineProjections('all', [
        recorder('a', { streamPrefixes: ['agency-'] }).projection,
        recorder('b').projection,
      ]).filter,
    ).toBeUndefined();
  });

  it('when reset, then every part is reset', async () => {
    const a = recorder('a');
    const b = recorder('b');
    await combineProjections('all', [a.projection, b.projection]).reset(manager);
    expect([...a.resets, ...b.resets]).toEqual(['a', 'b']);
  });

  it('refuses no parts and duplicate part names', () => {
    expect(() => combineProjections('all', [])).toThrow(/no parts/);
    expect(() => combineProjections('all', [recorder('a').projection, recorder('a').projection])).toThrow(
      /duplicate/,
    );
  });
});
