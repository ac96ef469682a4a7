/**
 * The relay's read-model schema (`relay`), applied on start by `migrateSchema`; append, never edit. All
 * tables are disposable (rebuilt from the event store), except `firm_snapshots`, which is fed by the
 * firm registry's integration events (re-deliverable from the bus, not from this service's streams).
 */
export const READ_MODEL_SCHEMA = 'relay';

export const READ_MODEL_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE firm_snapshots (
    firm_id     uuid PRIMARY KEY,
    name        text NOT NULL,
    region_code text NOT NULL,
    industry_id text NOT NULL,
    status      text NOT NULL,
    updated_at  timestamptz NOT NULL
  );
  CREATE TABLE agencies (
    agency_id        uuid PRIMARY KEY,
    type             text NOT NULL,
    name_ko          text NOT NULL,
    name_en          text NOT NULL,
    regions_served   text[] NOT NULL,
    phases_supported text[] NOT NULL,
    capacity         integer NOT NULL,
    active           boolean NOT NULL,
    confidence       text NOT NULL,
    source           jsonb NOT NULL
  );
  CREATE INDEX agencies_by_type ON agencies (type, name_ko);
  CREATE TABLE cases (
    case_id    uuid PRIMARY KEY,
    firm_id    uuid NOT NULL,
    region_code text NOT NULL,
    holder     uuid NOT NULL,
    phase      text NOT NULL,
    status     text NOT NULL,
    goals      text[] NOT NULL,
    opened_at  timestamptz NOT NULL,
    revision   integer NOT NULL
  );
  CREATE INDEX cases_open_by_holder ON cases (holder) WHERE status = 'open';
  CREATE INDEX cases_by_firm ON cases (firm_id);
  CREATE TABLE proposals (
    proposal_id uuid PRIMARY KEY,
    case_id     uuid NOT NULL,
    firm_id     uuid NOT NULL,
    from_agency uuid NOT NULL,
    to_agency   uuid NOT NULL,
    reason      text NOT NULL,
    next_phase  text NOT NULL,
    status      text NOT NULL,
    due_at      timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    proposed_at timestamptz NOT NULL,
    ended_at    timestamptz,
    decline     jsonb
  );
  CREATE INDEX proposals_inbox ON proposals (to_agency, due_at) WHERE status IN ('pending', 'escalated');
  CREATE INDEX proposals_outgoing ON proposals (from_agency, proposed_at DESC);`,
  `
  -- What the receiving agency may see of a hand-off: only the consented documents (and the summary when
  -- consented); withdrawn from view when the firm revokes its consent.
  CREATE TABLE shared_packages (
    proposal_id uuid PRIMARY KEY,
    case_id     uuid NOT NULL,
    from_agency uuid NOT NULL,
    to_agency   uuid NOT NULL,
    summary     text,
    documents   jsonb NOT NULL,
    consent     jsonb NOT NULL,
    revoked_at  timestamptz
  );`,
  `
  -- The relay chain starts with the opening agency in the opening phase.
  ALTER TABLE cases ADD COLUMN opened_by uuid, ADD COLUMN opened_phase text;
  UPDATE cases SET opened_by = holder, opened_phase = phase WHERE opened_by IS NULL;`,
  `
  -- Webhooks (operational state, not disposable): agencies' subscriptions and the delivery outbox/log.
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
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying', 'sending');`,
  `
  -- Escalated proposals land with the regional SME office.
  ALTER TABLE proposals ADD COLUMN escalated_to uuid;
  CREATE INDEX proposals_escalated ON proposals (escalated_to, due_at) WHERE status = 'escalated';`,
];
