export * from './webhook-signature';
export * from './webhook-dispatcher';
export * from './webhook-outbox.projection';
export * from './webhook-tables';
export * from './webhooks.controller';
