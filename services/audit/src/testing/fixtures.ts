import { createHash } from 'node:crypto';
import type { IntegrationEvent } from '@baton/messaging';
import { appendEntry, type LedgerEntry } from '../ledger/chain';

/** The firm of the contracts' examples (주식회사 한빛정밀). */
export const FIRM_ID = '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c';

type Attributes = Partial<Omit<IntegrationEvent, 'type' | 'data' | 'specversion' | 'datacontenttype'>>;

/** A published integration event about FIRM_ID (unless `subject` says otherwise). */
export function published<T>(type: string, data: T, attributes: Attributes = {}): IntegrationEvent<T> {
  const context = type.slice(0, type.indexOf('.'));
  return {
    // Unique per content, stable across runs.
    id: createHash('sha256')
      .update(`${type} ${JSON.stringify(data)}`)
      .digest('hex')
      .slice(0, 32),
    source: `/baton/${context}`,
    type,
    specversion: '1.0',
    subject: FIRM_ID,
    time: '2026-03-02T09:00:00+09:00',
    datacontenttype: 'application/json',
    data,
    ...attributes,
  };
}

/** One event to record, with the ledger's clock at recording (default: one minute after the one before). */
export type Recording = IntegrationEvent | { readonly event: IntegrationEvent; readonly recordedAt: string };

const FIRST_RECORDING = Date.parse('2026-03-02T00:00:00Z');

/** The events recorded in order as one firm chain, read from offsets 0, 1, 2… of partition 3. */
export function record(recordings: readonly Recording[]): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  recordings.forEach((recording, index) => {
    const { event, recordedAt } =
      'event' in recording
        ? recording
        : { event: recording, recordedAt: new Date(FIRST_RECORDING + index * 60_000).toISOString() };
    entries.push(
      appendEntry(entries.at(-1), {
        payload: event,
        topic: `baton.${event.type.slice(0, event.type.indexOf('.'))}.v1`,
        partition: 3,
        offset: String(index),
        recordedAt,
      }),
    );
  });
  return entries;
}
