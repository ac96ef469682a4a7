import { WEBHOOK_TABLES_SQL } from '@baton/platform';

/**
 * Crisis monitoring's schema (`crisis_monitoring`), applied on start; append, never edit. `firms` and
 * `firm_facts` are fed by the firm registry's integration events (the recorded history rules and backtests
 * read); the warning and rule-set tables are read models, rebuilt from the event store.
 */
export const READ_MODEL_SCHEMA = 'crisis_monitoring';

export const READ_MODEL_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE firms (
    firm_id     uuid PRIMARY KEY,
    region_code text NOT NULL,
    industry_id text NOT NULL,
    status      text NOT NULL,
    updated_at  timestamptz NOT NULL
  );
  -- Every fact learned about a firm, in the order learned (per firm, the bus keeps the registry's order).
  CREATE TABLE firm_facts (
    fact_seq    bigserial PRIMARY KEY,
    event_id    uuid NOT NULL UNIQUE,
    firm_id     uuid NOT NULL,
    fact        jsonb NOT NULL,
    at          timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX firm_facts_by_firm ON firm_facts (firm_id, fact_seq);
  CREATE TABLE rule_sets (
    version      integer PRIMARY KEY,
    rule_set     jsonb NOT NULL,
    note         text,
    published_by text NOT NULL,
    published_at timestamptz NOT NULL
  );
  CREATE TABLE warnings (
    warning_id       uuid PRIMARY KEY,
    firm_id          uuid NOT NULL,
    signal           text NOT NULL,
    region_code      text NOT NULL,
    industry_id      text NOT NULL,
    level            text,
    status           text NOT NULL,
    rule_set_version integer NOT NULL,
    rule_id          text NOT NULL,
    measured         jsonb NOT NULL,
    inputs           jsonb NOT NULL,
    routed_to        uuid NOT NULL,
    routing_reason   text NOT NULL,
    raised_at        timestamptz NOT NULL,
    ack_due_at       timestamptz NOT NULL,
    acknowledged_at  timestamptz,
    escalated_to     uuid,
    escalated_at     timestamptz,
    plans            integer NOT NULL DEFAULT 0,
    supports         integer NOT NULL DEFAULT 0,
    referrals        integer NOT NULL DEFAULT 0,
    closed_at        timestamptz,
    outcome          text,
    dismiss_reason   text,
    stream_id        text NOT NULL,
    revision         integer NOT NULL
  );
  CREATE INDEX warnings_open_by_region ON warnings (region_code, level, raised_at) WHERE status = 'open';
  CREATE INDEX warnings_by_agency ON warnings (routed_to, raised_at DESC);
  CREATE INDEX warnings_by_firm ON warnings (firm_id, raised_at DESC);
  CREATE INDEX warnings_overdue ON warnings (ack_due_at) WHERE status = 'open' AND acknowledged_at IS NULL AND escalated_to IS NULL;`,
  WEBHOOK_TABLES_SQL,
  `
  -- Backtests page through the history in business-time order.
  CREATE INDEX firm_facts_by_time ON firm_facts (at, fact_seq);`,
];
