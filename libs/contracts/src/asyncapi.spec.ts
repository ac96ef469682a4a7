import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, Parser, type Diagnostic } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { allContracts } from './all-contracts';
import { buildAsyncApiDocument, renderAsyncApiYaml } from './asyncapi';
import { dlqTopicOf } from './topics';

const COMMITTED_FILE = join(__dirname, '../../../docs/asyncapi/baton.asyncapi.yaml');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function errorsOf(input: string | Json, { quiet = false } = {}): Promise<Diagnostic[]> {
  const { document, diagnostics } = await new Parser().parse(input as string);
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  if (!quiet) {
    for (const e of errors)
      process.stderr.write(`AsyncAPI error ${e.code} at ${e.path.join('.')}: ${e.message}\n`);
  }
  if (errors.length === 0) expect(document).toBeDefined();
  return errors;
}

describe('AsyncAPI document', () => {
  const document = buildAsyncApiDocument(allContracts) as Json;

  it('is a valid AsyncAPI 3.0 document', async () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(await errorsOf(document)).toEqual([]);
  }, 30_000);

  it('the parser check has teeth: a broken document reports errors', async () => {
    const broken = JSON.parse(JSON.stringify(document)) as Json;
    const [operation] = Object.values(broken.operations) as Json[];
    operation.channel = { $ref: '#/channels/noSuchChannel' };
    expect((await errorsOf(broken, { quiet: true })).length).toBeGreaterThan(0);
  }, 30_000);

  it('the committed file is valid too', async () => {
    expect(await errorsOf(readFileSync(COMMITTED_FILE, 'utf8'))).toEqual([]);
  }, 30_000);

  it('the committed file is up to date with the contracts', () => {
    const committed = readFileSync(COMMITTED_FILE, 'utf8');
    const fresh = renderAsyncApiYaml(buildAsyncApiDocument(allContracts));
    if (committed !== fresh) {
      throw new Error(
        'docs/asyncapi/baton.asyncapi.yaml is stale: the contracts changed. Run `npm run asyncapi:generate` and commit the file.',
      );
    }
  });

  it('has a channel per topic and per dead-letter topic, with its partitions', () => {
    const channels = Object.values(document.channels) as Json[];
    const expected = allContracts.topics().flatMap((t) => [t, dlqTopicOf(t)]);
    expect(channels.map((c) => c.address)).toEqual(expected.map((t) => t.name));
    for (const [channel, topic] of channels.map((c, i) => [c, expected[i]] as const)) {
      expect(channel.bindings.kafka.partitions).toBe(topic.partitions);
    }
  });

  it('has a message per event type: payload = the contract schema, headers fix ce_type', () => {
    for (const definition of allContracts.definitions()) {
      const message = document.components.messages[definition.type];
      const { $schema: _, ...schema } = definition.schema;
      expect(message.name).toBe(definition.type);
      expect(message.payload).toEqual(JSON.parse(JSON.stringify(schema)));
      expect(message.headers.properties.ce_type.const).toBe(definition.type);
      expect(message.headers.required).toEqual(
        expect.arrayContaining(['ce_id', 'ce_source', 'ce_type', 'ce_specversion', 'ce_subject', 'ce_time']),
      );
      expect(message.examples[0].payload).toEqual(definition.example);
      expect(message.examples[0].headers.ce_subject).toBe(definition.partitionKey(definition.example));
    }
  });

  it('payload schemas mean the same under draft-07, the dialect AsyncAPI schemas extend', () => {
    const draft07 = addFormats(new Ajv({ allErrors: true, strict: true, strictRequired: false }));
    for (const definition of allContracts.definitions()) {
      const message = document.components.messages[definition.type];
      const validate = draft07.compile(message.payload);
      expect(validate(definition.example)).toBe(true);
      expect(validate({ ...(definition.example as Json), undeclared: 1 })).toBe(false);
    }
  });

  it('every channel has an operation that sends to it and one that receives from it', () => {
    const operations = Object.values(document.operations) as Json[];
    for (const id of Object.keys(document.channels)) {
      const actions = operations.filter((o) => o.channel.$ref === `#/channels/${id}`).map((o) => o.action);
      expect(actions.sort()).toEqual(['receive', 'send']);
    }
  });
});
