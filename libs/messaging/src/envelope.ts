import type { BusMessage, ReceivedMessage } from './bus';
import { MalformedEnvelopeError } from './errors';

/**
 * An integration event in the CloudEvents 1.0 format. `subject` is the firm the event concerns;
 * correlation, causation, trace context and actor travel as CloudEvents extension attributes.
 */
export interface IntegrationEvent<T = unknown> {
  readonly id: string;
  /** URI-reference of the producing service, e.g. `/baton/firm-registry`. */
  readonly source: string;
  /** Versioned contract name, e.g. `firm-registry.firm-registered.v1`. */
  readonly type: string;
  readonly specversion: '1.0';
  readonly subject: string;
  /** When it happened (business time), RFC 3339. */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: T;
  readonly correlationid?: string;
  readonly causationid?: string;
  readonly traceparent?: string;
  /** Who did it: user id (role and agency in `actorrole`, `actoragency`). */
  readonly actor?: string;
  readonly actorrole?: string;
  readonly actoragency?: string;
}

const EXTENSIONS = [
  'correlationid',
  'causationid',
  'traceparent',
  'actor',
  'actorrole',
  'actoragency',
] as const;
const REQUIRED = ['id', 'source', 'type', 'specversion', 'subject', 'time'] as const;

/**
 * CloudEvents Kafka protocol binding, binary content mode: attributes in `ce_` headers, the data as the
 * message value, `content-type` for datacontenttype, and the partition key as the message key.
 */
export function toBusMessage(
  topic: string,
  event: IntegrationEvent,
  key: string = event.subject,
): BusMessage {
  const headers: Record<string, string> = { 'content-type': event.datacontenttype };
  for (const attribute of REQUIRED) headers[`ce_${attribute}`] = event[attribute];
  for (const attribute of EXTENSIONS) {
    const value = event[attribute];
    if (value !== undefined) headers[`ce_${attribute}`] = value;
  }
  return { topic, key, headers, value: Buffer.from(JSON.stringify(event.data)) };
}

/** Reads a binary-mode CloudEvent; anything malformed is a permanent error (the message goes to the DLQ). */
export function fromBusMessage(message: BusMessage | ReceivedMessage): IntegrationEvent {
  const h = message.headers;
  for (const attribute of REQUIRED) {
    if (!h[`ce_${attribute}`]) throw new MalformedEnvelopeError(`missing header ce_${attribute}`);
  }
  if (h.ce_specversion !== '1.0') {
    throw new MalformedEnvelopeError(`unsupported ce_specversion ${JSON.stringify(h.ce_specversion)}`);
  }
  const contentType = h['content-type'] ?? 'application/json';
  if (!/^application\/json\b/.test(contentType)) {
    throw new MalformedEnvelopeError(`unsupported content-type ${JSON.stringify(contentType)}`);
  }
  if (Number.isNaN(Date.parse(h.ce_time))) throw new MalformedEnvelopeError(`ce_time is not a timestamp`);
  let data: unknown;
  try {
    data = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    throw new MalformedEnvelopeError(`value is not JSON: ${(error as Error).message}`);
  }
  const event: Record<string, unknown> = {
    id: h.ce_id,
    source: h.ce_source,
    type: h.ce_type,
    specversion: '1.0',
    subject: h.ce_subject,
    time: h.ce_time,
    datacontenttype: 'application/json',
    data,
  };
  for (const attribute of EXTENSIONS) {
    const value = h[`ce_${attribute}`];
    if (value !== undefined) event[attribute] = value;
  }
  return event as unknown as IntegrationEvent;
}
