import { CloudEvent, Kafka as CloudEventsKafka, type KafkaMessage } from 'cloudevents';
import { fromBusMessage, toBusMessage, type IntegrationEvent } from './envelope';
import { MalformedEnvelopeError } from './errors';

const event: IntegrationEvent<{ firmId: string; regionCode: string }> = {
  id: '0b8f0a5e-8a47-4a3e-9d7a-0f2f8f7d0c11',
  source: '/baton/firm-registry',
  type: 'firm-registry.firm-registered.v1',
  specversion: '1.0',
  subject: 'f6f5b0de-7d73-4c53-9f0e-7a9d0d0e1a01',
  time: '2026-03-01T09:00:00.000Z',
  datacontenttype: 'application/json',
  data: { firmId: 'f6f5b0de-7d73-4c53-9f0e-7a9d0d0e1a01', regionCode: '27' },
  correlationid: 'corr-1',
  causationid: 'cause-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  actor: 'user-7',
  actorrole: 'agency-staff',
  actoragency: 'daegu-technopark',
};

describe('CloudEvents envelope, Kafka binary mode', () => {
  const message = toBusMessage('baton.firm-registry.v1', event);

  it('puts attributes in ce_ headers, data in the value, the partition key in the key', () => {
    expect(message.key).toBe(event.subject);
    expect(message.headers).toMatchObject({
      ce_id: event.id,
      ce_source: '/baton/firm-registry',
      ce_type: 'firm-registry.firm-registered.v1',
      ce_specversion: '1.0',
      ce_subject: event.subject,
      ce_time: event.time,
      ce_correlationid: 'corr-1',
      ce_causationid: 'cause-1',
      ce_traceparent: event.traceparent,
      ce_actor: 'user-7',
      'content-type': 'application/json',
    });
    expect(JSON.parse(message.value.toString())).toEqual(event.data);
  });

  it('is read by the official cloudevents SDK as the same event', () => {
    const kafkaMessage: KafkaMessage = {
      key: message.key,
      value: message.value,
      body: message.value,
      headers: { ...message.headers },
    };
    const read = CloudEventsKafka.toEvent(kafkaMessage) as CloudEvent<typeof event.data>;
    expect(read.id).toBe(event.id);
    expect(read.type).toBe(event.type);
    expect(read.source).toBe(event.source);
    expect(read.subject).toBe(event.subject);
    expect(new Date(read.time!).toISOString()).toBe(event.time);
    expect(read.data).toEqual(event.data);
    expect(read.correlationid).toBe('corr-1');
    expect(read.traceparent).toBe(event.traceparent);
    expect(read.actoragency).toBe('daegu-technopark');
    expect((read as unknown as { partitionkey: string }).partitionkey).toBe(event.subject);
    expect(() => read.validate()).not.toThrow();
  });

  it('round-trips through our reader', () => {
    expect(fromBusMessage(message)).toEqual(event);
  });

  it.each([
    ['a missing ce_id', (h: Record<string, string>) => delete h.ce_id, /missing header ce_id/],
    ['a missing ce_type', (h: Record<string, string>) => delete h.ce_type, /missing header ce_type/],
    ['another specversion', (h: Record<string, string>) => (h.ce_specversion = '0.3'), /ce_specversion/],
    [
      'a non-JSON content type',
      (h: Record<string, string>) => (h['content-type'] = 'text/plain'),
      /content-type/,
    ],
    ['a bad time', (h: Record<string, string>) => (h.ce_time = 'yesterday'), /ce_time/],
  ])('refuses %s as a malformed envelope', (_name, spoil, rule) => {
    const headers = { ...message.headers };
    spoil(headers);
    expect(() => fromBusMessage({ ...message, headers })).toThrow(MalformedEnvelopeError);
    expect(() => fromBusMessage({ ...message, headers })).toThrow(rule);
  });

  it('refuses a value that is not JSON', () => {
    expect(() => fromBusMessage({ ...message, value: Buffer.from('{nope') })).toThrow(/value is not JSON/);
  });
});
