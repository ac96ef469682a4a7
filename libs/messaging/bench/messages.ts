// The messages every contender sends: the real `firm-registry.indicators-reported.v1` contract, keyed by
// 2,000 firm ids, with two bench headers (`bench-seq`, `bench-sent-at`) that the consumers read back.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { allContracts, indicatorsReportedV1, type IndicatorsReportedV1 } from '@baton/contracts';
import type { BusMessage } from '../src/bus';
import { toBusMessage, type IntegrationEvent } from '../src/envelope';
import { SchemaViolation, UnknownEventType } from '../src/processor';

export const EVENT_TYPE = indicatorsReportedV1.type;
export const SOURCE = '/baton/firm-registry';
export const FIRMS = 2000;
/** Like production topics (libs/contracts/src/topics.ts). */
export const PARTITIONS = 6;
/** Header carrying the send time: epoch milliseconds with a fraction (see `now()`). */
export const SENT_AT = 'bench-sent-at';
export const SEQ = 'bench-seq';

/**
 * Wall-clock milliseconds with sub-millisecond resolution, comparable across the bench's processes
 * (performance.timeOrigin is the epoch time of the process's start, performance.now() is monotonic).
 */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Deterministic firm ids (UUID-shaped, as the contract's `format: uuid` demands). */
export const FIRM_IDS: readonly string[] = Array.from({ length: FIRMS }, (_, i) => {
  const h = createHash('sha1').update(`bench-firm-${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
});

/** Message `seq` concerns this firm (a fixed permutation, so consecutive messages hit different firms). */
export function firmOf(seq: number): string {
  return FIRM_IDS[(seq * 7919) % FIRMS];
}

export function payloadOf(seq: number): IndicatorsReportedV1 {
  return {
    firmId: firmOf(seq),
    period: `${2025 + (seq % 2)}-Q${1 + (seq % 4)}`,
    sales: 4_250_000_000 + (seq % 100_000) * 1000,
    employees: 20 + (seq % 180),
    rdSpend: 310_000_000,
    exports: 1_120_000_000,
    debtRatio: 182.4,
    overdueDays: seq % 17 === 0 ? 12 : 0,
    interestCoverage: 2.3,
    reportedAt: '2026-04-20T14:30:00+09:00',
  };
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * Our publishing path, as EventPublisher does it per message: contract lookup and validation (ajv),
 * partition key from the contract, a CloudEvent with the extensions the publisher sets, then the
 * binary-mode Kafka message (toBusMessage). The bench headers are added on top.
 */
export function ourMessage(topic: string, seq: number, sentAt: number): BusMessage {
  const data = payloadOf(seq);
  if (!allContracts.has(EVENT_TYPE)) throw new UnknownEventType(EVENT_TYPE);
  const check = allContracts.validate(EVENT_TYPE, data);
  if (!check.ok) throw new SchemaViolation(EVENT_TYPE, check.errors);
  const key = indicatorsReportedV1.partitionKey(data);
  const event: IntegrationEvent<IndicatorsReportedV1> = {
    id: randomUUID(),
    source: SOURCE,
    type: EVENT_TYPE,
    specversion: '1.0',
    subject: key,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data,
    correlationid: randomUUID(),
    causationid: randomUUID(),
    traceparent: `00-${hex(16)}-${hex(8)}-01`,
    actor: 'user-42',
    actorrole: 'case-worker',
    actoragency: 'agency-7',
  };
  const message = toBusMessage(topic, event, key);
  return { ...message, headers: { ...message.headers, [SEQ]: String(seq), [SENT_AT]: String(sentAt) } };
}

/**
 * The ceiling's message: the same key, value and headers (so the same bytes on the wire), built by hand
 * with no contract check and no envelope code.
 */
export function rawMessage(
  seq: number,
  sentAt: number,
): { key: string; value: Buffer; headers: Record<string, string> } {
  const data = payloadOf(seq);
  return {
    key: data.firmId,
    value: Buffer.from(JSON.stringify(data)),
    headers: {
      'content-type': 'application/json',
      ce_id: randomUUID(),
      ce_source: SOURCE,
      ce_type: EVENT_TYPE,
      ce_specversion: '1.0',
      ce_subject: data.firmId,
      ce_time: new Date().toISOString(),
      ce_correlationid: randomUUID(),
      ce_causationid: randomUUID(),
      ce_traceparent: `00-${hex(16)}-${hex(8)}-01`,
      ce_actor: 'user-42',
      ce_actorrole: 'case-worker',
      ce_actoragency: 'agency-7',
      [SEQ]: String(seq),
      [SENT_AT]: String(sentAt),
    },
  };
}

/** Bytes of one message's value and of its headers (names + values), as sent. */
export function messageSize(): { value_bytes: number; headers_bytes: number; key_bytes: number } {
  const m = ourMessage('t', 12345, now());
  let headers = 0;
  for (const [name, value] of Object.entries(m.headers))
    headers += Buffer.byteLength(name) + Buffer.byteLength(value);
  return { value_bytes: m.value.length, headers_bytes: headers, key_bytes: Buffer.byteLength(m.key) };
}

/** The handler's effect: a per-firm counter of reports (one upsert per message). */
export function effectTableSql(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (
    firm_id     uuid PRIMARY KEY,
    reports     integer NOT NULL,
    last_period text NOT NULL,
    last_sales  bigint,
    updated_at  timestamptz NOT NULL DEFAULT now()
  )`;
}

export function upsertSql(table: string): string {
  return `INSERT INTO ${table} AS t (firm_id, reports, last_period, last_sales) VALUES ($1, 1, $2, $3)
    ON CONFLICT (firm_id) DO UPDATE
       SET reports = t.reports + 1, last_period = EXCLUDED.last_period,
           last_sales = EXCLUDED.last_sales, updated_at = now()`;
}
