import { stringify } from 'yaml';
import { contextOf, type IntegrationEventDefinition, type TopicDefinition } from './contract';
import type { JsonSchema } from './json-schema';
import type { ContractRegistry } from './registry';
import { dlqTopicOf } from './topics';

/**
 * Version of the published document. Bump the minor version when events are added; there is no major
 * bump, because a breaking change is a new event type (`.v2`), never a change to an existing one.
 */
export const ASYNCAPI_DOCUMENT_VERSION = '1.1.0';

const KAFKA_BINDING_VERSION = '0.5.0';

type Json = Record<string, unknown>;

/*
 * CloudEvents 1.0 over Kafka, binary content mode: attributes in `ce_` headers, data as the message value.
 * Required and optional attributes match libs/messaging's envelope.
 */
const CLOUD_EVENT_HEADERS: Record<string, JsonSchema> = {
  ce_id: {
    type: 'string',
    minLength: 1,
    description: 'Event id (CloudEvents id), unique per event: consumers deduplicate on it (inbox).',
  },
  ce_source: {
    type: 'string',
    format: 'uri-reference',
    description: 'The producing service, `/baton/<context>`, e.g. `/baton/firm-registry`.',
  },
  ce_type: { type: 'string', description: 'The versioned event type (the message name).' },
  ce_specversion: { type: 'string', const: '1.0', description: 'CloudEvents spec version.' },
  ce_subject: {
    type: 'string',
    description: 'The firm the event concerns (firm id); the same value as the message key.',
  },
  ce_time: {
    type: 'string',
    format: 'date-time',
    description: 'When it happened: business time (occurredAt), RFC 3339.',
  },
  ce_correlationid: {
    type: 'string',
    description: 'Correlation id (extension): shared by every command and event of one business flow.',
  },
  ce_causationid: {
    type: 'string',
    description: 'Causation id (extension): id of the command or event that caused this one.',
  },
  ce_traceparent: {
    type: 'string',
    pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
    description: 'W3C trace context (extension, CloudEvents distributed tracing).',
  },
  ce_actor: {
    type: 'string',
    description: 'Who did it (extension): user id, or the name of a system component.',
  },
  ce_actorrole: { type: 'string', description: 'Role of the actor (extension), e.g. `agency-staff`.' },
  ce_actoragency: { type: 'string', description: 'Agency the actor acted for (extension): agency id.' },
  'content-type': {
    type: 'string',
    const: 'application/json',
    description: 'Content type of the value (CloudEvents datacontenttype).',
  },
};
const REQUIRED_HEADERS = [
  'ce_id',
  'ce_source',
  'ce_type',
  'ce_specversion',
  'ce_subject',
  'ce_time',
  'content-type',
];

const DESCRIPTION = `Published, versioned integration events between Baton's services: the only way one service learns
about another (no service reads another's tables or event streams). Stored events never leave their service;
each service's publisher maps them to the events below.

Generated from \`libs/contracts\` by \`npm run asyncapi:generate\`: edit the contracts, not this file.

## Envelope: CloudEvents 1.0, Kafka protocol binding, binary content mode
- **value**: the event data, JSON (\`content-type: application/json\`), valid against the message's payload schema.
- **key**: the partition key, the firm id, so all events about one firm keep their order.
- **headers**: the CloudEvents attributes, each as a \`ce_\` header (UTF-8 string):
  \`ce_id\`, \`ce_source\`, \`ce_type\` (= the message name), \`ce_specversion\` (\`1.0\`), \`ce_subject\` (the firm id),
  \`ce_time\` (business time), and the extensions \`ce_correlationid\`, \`ce_causationid\`, \`ce_traceparent\`,
  \`ce_actor\` (with \`ce_actorrole\`, \`ce_actoragency\`). Other headers (e.g. tracing instrumentation) may appear.

## Topics
One topic per bounded context, \`baton.<context>.v<N>\`, keyed by firm id. Messages a consumer cannot process go
to \`<topic>.dlq\`, unchanged, with headers saying why.

## Delivery and versioning
- At-least-once: a consumer deduplicates on \`ce_id\`, in the same transaction as its effect.
- An event type is \`<context>.<event>.v<N>\`. Payloads admit no undeclared field, so any change to a payload's
  shape is a new type (\`.v2\`), published alongside the old one while any consumer still reads the old one.
- No personal data: representatives' names and contacts never appear in an integration event.
`;

export interface AsyncApiOptions {
  /** Default Kafka bootstrap address shown for the `kafka` server. */
  readonly kafkaHost?: string;
}

/** The AsyncAPI 3.0 document of every event in `registry`: one channel per topic and per dead-letter topic. */
export function buildAsyncApiDocument(registry: ContractRegistry, options: AsyncApiOptions = {}): Json {
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};

  for (const definition of registry.definitions()) messages[definition.type] = message(definition);

  for (const topic of registry.topics()) {
    const definitions = registry.definitions().filter((d) => d.topic === topic);
    const channelMessages = Object.fromEntries(
      definitions.map((d) => [messageKey(d.type), { $ref: `#/components/messages/${d.type}` }]),
    );
    const id = channelId(topic.name);
    const dlq = dlqTopicOf(topic);
    const dlqId = channelId(dlq.name);
    const context = contextOf(definitions[0].type);

    channels[id] = channel(topic, `${topic.description} Key: firm id.`, channelMessages);
    channels[dlqId] = channel(
      dlq,
      `${dlq.description} Each record is the original one (same key, value and \`ce_\` headers) plus ` +
        '`dlq-` headers: `dlq-reason`, `dlq-error`, `dlq-error-message`, `dlq-attempts`, `dlq-original-topic`, ' +
        '`dlq-original-partition`, `dlq-original-offset`, `dlq-consumer-group`, `dlq-failed-at`.',
      channelMessages,
    );

    const refs = (channelRef: string) =>
      Object.keys(channelMessages).map((key) => ({ $ref: `#/channels/${channelRef}/messages/${key}` }));
    operations[`send${pascal(id)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      title: `Publish ${context} events`,
      summary: `The ${context} service publishes its integration events, after they are committed to its event store.`,
      messages: refs(id),
    };
    operations[`receive${pascal(id)}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      title: `Consume ${context} events`,
      summary: 'Other services consume them: one consumer group per service, deduplicating on ce_id.',
      bindings: { kafka: consumerGroupBinding() },
      messages: refs(id),
    };
    operations[`send${pascal(dlqId)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${dlqId}` },
      title: `Dead-letter ${context} events`,
      summary: 'A consumer sends a message it cannot process (malformed, unknown type, failed retries) here.',
      messages: refs(dlqId),
    };
    operations[`receive${pascal(dlqId)}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${dlqId}` },
      title: `Inspect and replay ${context} dead letters`,
      summary:
        'Operators read dead letters and, once fixed, replay them to the source topic with the same key.',
      messages: refs(dlqId),
    };
  }

  const document = {
    asyncapi: '3.0.0',
    info: {
      title: 'Baton integration events',
      version: ASYNCAPI_DOCUMENT_VERSION,
      description: DESCRIPTION,
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: '{bootstrap}',
        protocol: 'kafka',
        description:
          'Apache Kafka (distributed deployment). The embedded deployment uses an in-process transport with the same topics, keys and consumer groups.',
        variables: {
          bootstrap: {
            default: options.kafkaHost ?? 'localhost:9092',
            description: 'Bootstrap broker address, host:port (`npm run kafka:start` serves localhost:9092).',
            examples: ['localhost:9092', 'kafka-0.kafka:9092'],
          },
        },
      },
    },
    channels,
    operations,
    components: { messages },
  };
  // Plain, unfrozen JSON: the definitions are frozen and share schema fragments.
  return JSON.parse(JSON.stringify(document)) as Json;
}

/** The document as YAML, as committed in docs/asyncapi/baton.asyncapi.yaml. */
export function renderAsyncApiYaml(document: Json): string {
  const header =
    '# Generated by `npm run asyncapi:generate` from libs/contracts: edit the contracts, then regenerate.\n';
  // version 1.1 quotes every string a YAML 1.1 reader would take for a date or boolean (e.g. the example
  // timestamps); singleQuote and no line folding match Prettier, so the file passes `prettier --check`.
  return (
    header +
    stringify(document, { aliasDuplicateObjects: false, lineWidth: 0, singleQuote: true, version: '1.1' })
  );
}

function channel(topic: TopicDefinition, description: string, messages: Json): Json {
  return {
    address: topic.name,
    title: topic.name,
    description,
    servers: [{ $ref: '#/servers/kafka' }],
    messages,
    bindings: {
      kafka: {
        topic: topic.name,
        partitions: topic.partitions,
        topicConfiguration: {
          'cleanup.policy': ['delete'],
          ...(topic.retentionMs === undefined ? {} : { 'retention.ms': topic.retentionMs }),
        },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

function message(definition: IntegrationEventDefinition): Json {
  const { $schema: _dialect, ...payload } = definition.schema;
  return {
    name: definition.type,
    title: titleOf(definition.type),
    summary: definition.summary,
    contentType: 'application/json',
    correlationId: {
      description: 'Correlation id of the business flow.',
      location: '$message.header#/ce_correlationid',
    },
    headers: {
      type: 'object',
      required: REQUIRED_HEADERS,
      properties: {
        ...CLOUD_EVENT_HEADERS,
        ce_type: { ...CLOUD_EVENT_HEADERS.ce_type, const: definition.type },
      },
    },
    // Contracts keep to keywords shared by draft 2020-12 and draft-07, so the schema is valid as an
    // AsyncAPI (draft-07 based) schema; only the dialect marker is dropped.
    payload,
    bindings: { kafka: { key: keySchema(definition), bindingVersion: KAFKA_BINDING_VERSION } },
    examples: [
      {
        name: messageKey(definition.type),
        summary: `An example of ${definition.type}`,
        headers: exampleHeaders(definition),
        payload: definition.example,
      },
    ],
  };
}

function exampleHeaders(definition: IntegrationEventDefinition): Record<string, string> {
  return {
    ce_id: '0f8e5a1c-6b2d-4c7e-9a3f-2b1c0d9e8f7a',
    ce_source: `/baton/${contextOf(definition.type)}`,
    ce_type: definition.type,
    ce_specversion: '1.0',
    ce_subject: definition.partitionKey(definition.example),
    ce_time: firstInstantOf(definition) ?? '2026-03-02T09:00:00+09:00',
    ce_correlationid: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    ce_causationid: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
    ce_traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    ce_actor: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
    ce_actorrole: 'agency-staff',
    ce_actoragency: '9b1d7c3e-2f4a-4b8c-8d6e-0a1b2c3d4e5f',
    'content-type': 'application/json',
  };
}

/** The key's schema: that of the payload field the partition key is taken from, found via the example. */
function keySchema(definition: IntegrationEventDefinition): JsonSchema {
  const key = definition.partitionKey(definition.example);
  const example = definition.example as Record<string, unknown>;
  const field = Object.keys(definition.schema.properties).find((name) => example[name] === key);
  if (field === undefined) return { type: 'string', description: 'Partition key.' };
  return {
    ...definition.schema.properties[field],
    description: `Partition key: the payload's \`${field}\`.`,
  };
}

function firstInstantOf(definition: IntegrationEventDefinition): string | undefined {
  const example = definition.example as Record<string, unknown>;
  const field = Object.entries(definition.schema.properties).find(
    ([name, schema]) => schema.format === 'date-time' && typeof example[name] === 'string',
  );
  return field && (example[field[0]] as string);
}

/** `Firm registered (v1)` for `firm-registry.firm-registered.v1`. */
function titleOf(type: string): string {
  const [, event, version] = type.split('.');
  const words = event.replace(/-/g, ' ');
  return `${words[0].toUpperCase()}${words.slice(1)} (${version})`;
}

/** `firmRegisteredV1` for `firm-registry.firm-registered.v1`. */
function messageKey(type: string): string {
  const [, event, version] = type.split('.');
  return camel(`${event}-${version}`);
}

/** `firmRegistryV1` for `baton.firm-registry.v1`, `firmRegistryV1Dlq` for its DLQ. */
function channelId(topic: string): string {
  return camel(topic.replace(/^baton\./, '').replace(/\./g, '-'));
}

function camel(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function pascal(name: string): string {
  return name[0].toUpperCase() + name.slice(1);
}

function consumerGroupBinding(): Json {
  return {
    groupId: {
      type: 'string',
      description:
        'The consuming service’s name: one consumer group per service, at most one consumer per partition.',
    },
    bindingVersion: KAFKA_BINDING_VERSION,
  };
}
