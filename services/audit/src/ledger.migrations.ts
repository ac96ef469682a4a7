/**
 * The audit service's schema (`audit`), applied on start by `migrateSchema`; append, never edit.
 *
 * Unlike other services' read models, nothing here is disposable: the ledger is the audit service's system
 * of record (the bus keeps messages 14 days only). Ledger entries, signed digests and the log of reads are
 * append-only: triggers refuse UPDATE, DELETE and TRUNCATE, so a change needs someone who can switch
 * triggers off — and the hash chain and the signed digests then show it.
 */
export const LEDGER_SCHEMA = 'audit';

const appendOnly = (table: string) => `
  CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
  CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();`;

export const LEDGER_MIGRATIONS: readonly string[] = [
  `
  CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'audit.% is append-only: % refused', TG_TABLE_NAME, TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END $$;

  -- One row per firm: its chain's last entry. Appends lock it (per-firm serialisation) and move it on in
  -- the same transaction as the entry and the inbox row.
  CREATE TABLE ledger_heads (
    firm_id     text PRIMARY KEY,
    sequence    integer NOT NULL,
    head_hash   text NOT NULL,
    recorded_at timestamptz
  );

  -- Every integration event about a firm, as published, hash-chained per firm (services/audit/VERIFY.md).
  -- occurred_at is the envelope's time as written; recorded_at has millisecond precision and is hashed as
  -- its ISO 8601 UTC form. Every column is covered by the hash: nothing a replay reads can change unseen.
  CREATE TABLE ledger_entries (
    firm_id       text NOT NULL,
    sequence      integer NOT NULL,
    event_id      text NOT NULL,
    event_type    text NOT NULL,
    topic         text NOT NULL,
    partition     integer NOT NULL,
    "offset"      bigint NOT NULL,
    occurred_at   text NOT NULL,
    recorded_at   timestamptz NOT NULL,
    payload       json NOT NULL,
    previous_hash text NOT NULL,
    hash          text NOT NULL,
    PRIMARY KEY (firm_id, sequence),
    UNIQUE (firm_id, event_id),
    UNIQUE (topic, partition, "offset")
  );
  ${appendOnly('ledger_entries')}

  -- Signed digests over every chain's head at a watermark (up_to); document is the digest as signed.
  CREATE TABLE digests (
    digest_id  text PRIMARY KEY,
    up_to      timestamptz NOT NULL,
    key_id     text NOT NULL,
    chains     integer NOT NULL,
    document   json NOT NULL,
    signed_at  timestamptz NOT NULL DEFAULT clock_timestamp()
  );
  CREATE INDEX digests_latest ON digests (up_to DESC, signed_at DESC);
  ${appendOnly('digests')}

  -- Who read which firm's history, when, how (issue 7: every audit read is itself recorded).
  CREATE TABLE audit_reads (
    read_id    bigserial PRIMARY KEY,
    read_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    user_id    text NOT NULL,
    role       text NOT NULL,
    agency_id  text,
    firm_id    text NOT NULL,
    what       text NOT NULL,
    detail     jsonb NOT NULL,
    request_id text
  );
  CREATE INDEX audit_reads_by_firm ON audit_reads (firm_id, read_id);
  CREATE INDEX audit_reads_by_user ON audit_reads (user_id, read_id);
  ${appendOnly('audit_reads')}`,
];
