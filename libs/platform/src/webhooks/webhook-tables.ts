/**
 * The webhook tables (operational state, not disposable: agencies' subscriptions and the delivery
 * outbox/log) for a service to append to its own read-model migrations, e.g.
 * `READ_MODEL_MIGRATIONS = [..., WEBHOOK_TABLES_SQL]`. The same DDL as the relay's own migration (which
 * stays as written: migrations are history); `webhooks.spec.ts` keeps the two from drifting apart.
 * Needs PostgreSQL 13+ (`gen_random_uuid()`).
 */
export const WEBHOOK_TABLES_SQL = `
  CREATE TABLE webhook_subscriptions (
    subscription_id uuid PRIMARY KEY,
    agency_id       uuid NOT NULL,
    url             text NOT NULL,
    secret          text NOT NULL,
    event_types     text[] NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX webhook_subscriptions_by_agency ON webhook_subscriptions (agency_id) WHERE active;
  CREATE TABLE webhook_deliveries (
    delivery_id     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    subscription_id uuid NOT NULL REFERENCES webhook_subscriptions,
    event_id        uuid NOT NULL,
    event_type      text NOT NULL,
    payload         jsonb NOT NULL,
    status          text NOT NULL DEFAULT 'pending',
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_until     timestamptz,
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    UNIQUE (subscription_id, event_id)
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying', 'sending');`;
