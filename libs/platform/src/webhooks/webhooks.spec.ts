import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { signWebhook } from './webhook-signature';
import { WEBHOOK_TABLES_SQL } from './webhook-tables';
import { createWebhooksController } from './webhooks.controller';

describe('signWebhook', () => {
  it('signs "<unix seconds>.<body>" with HMAC-SHA256, as a receiver recomputes it', () => {
    const secret = 'whsec-test';
    const body = '{"id":"6f1c","type":"relay.handoff-proposed.v1"}';
    const at = new Date('2025-03-01T09:30:15.999Z');
    const t = 1740821415; // the whole seconds of `at`
    const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signWebhook(secret, body, at)).toBe(`t=${t},v1=${v1}`);
    expect(signWebhook(secret, `${body} `, at)).not.toBe(`t=${t},v1=${v1}`);
    expect(signWebhook('other', body, at)).not.toBe(`t=${t},v1=${v1}`);
  });
});

/** The DDL statements (CREATE/ALTER/DROP …) of SQL text that touch the webhook tables, whitespace-normalised. */
function webhookStatements(sql: string): string[] {
  return (sql.replace(/--[^\n]*/g, '').match(/\b(?:CREATE|ALTER|DROP)\b[^;`]*;/g) ?? [])
    .filter((statement) => /\bwebhook_/.test(statement))
    .map((statement) => statement.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim());
}

describe('WEBHOOK_TABLES_SQL', () => {
  it('creates the same tables, columns and indexes as the relay’s migrations (which must not be edited)', () => {
    // Read as text: a library does not import a service; migrations are history, so the constant follows them.
    const relay = readFileSync(
      join(__dirname, '../../../../services/relay/src/read-model.migrations.ts'),
      'utf8',
    );
    const statements = webhookStatements(WEBHOOK_TABLES_SQL);
    expect(statements.map((s) => s.match(/^CREATE (?:TABLE|INDEX) (\w+)/)?.[1])).toEqual([
      'webhook_subscriptions',
      'webhook_subscriptions_by_agency',
      'webhook_deliveries',
      'webhook_deliveries_due',
    ]);
    expect(webhookStatements(relay)).toEqual(statements);
  });
});

describe('createWebhooksController', () => {
  const TOKEN = Symbol('DATA_SOURCE');
  const Controller = createWebhooksController({
    eventTypes: ['x.happened.v1', 'x.ended.v1'],
    dataSourceToken: TOKEN,
    service: 'x',
  });
  const [, SubscribeDto] = Reflect.getMetadata('design:paramtypes', Controller.prototype, 'subscribe');

  it('serves agencies/:agencyId/webhooks with the given data source', () => {
    expect(Reflect.getMetadata('path', Controller)).toBe('agencies/:agencyId/webhooks');
    expect(Reflect.getMetadata('self:paramtypes', Controller)).toEqual([{ index: 0, param: TOKEN }]);
  });

  it('accepts only the service’s event types, and lists them in the API docs', async () => {
    const errors = (body: object) => validate(plainToInstance(SubscribeDto, body));
    expect(await errors({ url: 'https://a.example/hooks' })).toEqual([]);
    expect(await errors({ url: 'https://a.example/hooks', eventTypes: ['x.ended.v1'] })).toEqual([]);
    expect(await errors({ url: 'https://a.example/hooks', eventTypes: ['relay.other.v1'] })).toHaveLength(1);
    expect(await errors({ url: 'not a url' })).toHaveLength(1);
    expect(
      Reflect.getMetadata('swagger/apiModelProperties', SubscribeDto.prototype, 'eventTypes'),
    ).toMatchObject({
      type: 'array',
      items: { enum: ['x.happened.v1', 'x.ended.v1'] },
      description: 'Empty or absent: every x event',
    });
  });
});
