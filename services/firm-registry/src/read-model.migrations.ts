/**
 * The firm registry's read-model schema (`firm_registry`), applied in order on start by `migrateSchema`.
 * Migrations are history: append, never edit. The tables are disposable — a rebuild refills them from the
 * event store — except `personal_data_keys`, which holds the only copy of each firm's data key.
 */
import { PersonalDataVault } from './personal-data/personal-data-vault';

export const READ_MODEL_SCHEMA = 'firm_registry';

export const READ_MODEL_MIGRATIONS: readonly string[] = [
  PersonalDataVault.migration,
  `
  CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
  CREATE TABLE firms (
    firm_id            uuid PRIMARY KEY,
    brn                char(10) NOT NULL UNIQUE,
    name               text NOT NULL,
    representative     jsonb NOT NULL,
    region_code        text NOT NULL,
    industry_id        text NOT NULL,
    ksic_code          text,
    founded_on         date NOT NULL,
    size               text NOT NULL,
    stage              text NOT NULL,
    stage_effective_at timestamptz,
    super_regional     jsonb,
    status             text NOT NULL,
    registered_at      timestamptz NOT NULL,
    closed_on          date,
    closure_reason     text,
    revision           integer NOT NULL,
    updated_at         timestamptz NOT NULL
  );
  CREATE INDEX firms_name_trgm ON firms USING gin (name public.gin_trgm_ops);
  CREATE INDEX firms_by_name ON firms (name, firm_id);
  CREATE INDEX firms_by_region ON firms (region_code, name, firm_id);
  CREATE INDEX firms_by_industry ON firms (industry_id, name, firm_id);
  CREATE INDEX firms_by_stage ON firms (stage, name, firm_id);
  CREATE INDEX firms_by_size ON firms (size, name, firm_id);

  CREATE TABLE firm_stage_history (
    firm_id             uuid NOT NULL,
    revision            integer NOT NULL,
    kind                text NOT NULL,
    stage               text NOT NULL,
    previous_stage      text,
    scores              jsonb,
    agency_id           text,
    industry_id         text,
    cooperating_regions text[],
    effective_at        timestamptz NOT NULL,
    recorded_at         timestamptz NOT NULL,
    PRIMARY KEY (firm_id, revision)
  );

  CREATE TABLE firm_indicator_reports (
    firm_id            uuid NOT NULL,
    period             text NOT NULL,
    version            integer NOT NULL,
    indicators         jsonb NOT NULL,
    restatement_reason text,
    reported_at        timestamptz NOT NULL,
    recorded_at        timestamptz NOT NULL,
    PRIMARY KEY (firm_id, period, version)
  );`,
  `
  CREATE TABLE firm_imports (
    import_id       uuid PRIMARY KEY,
    status          text NOT NULL,
    file_name       text,
    actor           jsonb NOT NULL,
    rows_read       integer NOT NULL DEFAULT 0,
    rows_registered integer NOT NULL DEFAULT 0,
    rows_unchanged  integer NOT NULL DEFAULT 0,
    rows_failed     integer NOT NULL DEFAULT 0,
    failure         text,
    started_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
  );
  CREATE TABLE firm_import_errors (
    import_id uuid NOT NULL REFERENCES firm_imports ON DELETE CASCADE,
    line      integer NOT NULL,
    field     text NOT NULL,
    rule      text NOT NULL,
    message   text NOT NULL
  );
  CREATE INDEX firm_import_errors_by_import ON firm_import_errors (import_id, line);`,
  `
  -- Korean names are often searched by two syllables (한빛), which trigrams cannot index: keep every
  -- two-character gram of the name (spaces removed, lower case) in a GIN-indexed array.
  CREATE FUNCTION firm_name_bigrams(name text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(n, i, 2)), '{}')
    FROM (SELECT lower(regexp_replace(name, '\\s+', '', 'g')) AS n) s, generate_series(1, length(n) - 1) i
  $$;
  ALTER TABLE firms ADD COLUMN name_bigrams text[] GENERATED ALWAYS AS (firm_name_bigrams(name)) STORED;
  CREATE INDEX firms_name_bigrams ON firms USING gin (name_bigrams);`,
];
