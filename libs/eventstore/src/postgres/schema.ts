/**
 * The PostgreSQL event store's schema, as ordered migrations. Applied on start under an advisory lock,
 * so concurrent starters do not race; each migration runs once, recorded in `<schema>.migrations`.
 *
 * Ordering (ADR 0002): every event row carries the id of the transaction that appended it. Readers of
 * "$all" order by (transaction_id, global_position) and only read transactions below
 * pg_snapshot_xmin(pg_current_snapshot()), i.e. transactions that have all finished, so an event that
 * commits late can never appear behind a reader's checkpoint.
 */
export function migrations(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `
    CREATE TABLE ${s}.streams (
      stream_id       text PRIMARY KEY,
      revision        bigint NOT NULL,
      truncate_before bigint NOT NULL DEFAULT 0,
      deleted         boolean NOT NULL DEFAULT false,
      metadata        jsonb NOT NULL DEFAULT '{}'
    );
    CREATE TABLE ${s}.events (
      transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
      global_position bigint GENERATED ALWAYS AS IDENTITY,
      stream_id       text NOT NULL,
      revision        bigint NOT NULL,
      event_id        uuid NOT NULL,
      type            text NOT NULL,
      schema_version  integer NOT NULL,
      data            jsonb NOT NULL,
      metadata        jsonb NOT NULL,
      recorded_at     timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (transaction_id, global_position)
    );
    CREATE UNIQUE INDEX events_stream_revision ON ${s}.events (stream_id, revision);
    CREATE UNIQUE INDEX events_event_id ON ${s}.events (event_id);
    CREATE INDEX events_type_order ON ${s}.events (type, transaction_id, global_position);
    `,
    // One round trip per append: lock the stream, recognise a re-append, check the expected revision,
    // insert. Failures raise (rolling everything back) with SQLSTATE BTN01 (conflict, DETAIL = actual
    // revision or 'none') or BTN02 (event ids partly stored already).
    `
    CREATE FUNCTION ${s}.append(p_stream text, p_expected text, p_events jsonb)
    RETURNS TABLE (next_revision bigint, tx xid8, pos bigint, replayed boolean)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      v_current bigint;
      v_deleted boolean;
      v_exists boolean;
      v_count integer := jsonb_array_length(p_events);
      v_first uuid := (p_events->0->>'id')::uuid;
      v_found_stream text;
      v_found integer;
    BEGIN
      SELECT revision, deleted INTO v_current, v_deleted FROM ${s}.streams WHERE stream_id = p_stream FOR UPDATE;
      v_exists := FOUND AND NOT v_deleted;

      -- A re-append of the same event ids answers with the original result.
      SELECT e.stream_id INTO v_found_stream FROM ${s}.events e WHERE e.event_id = v_first;
      IF FOUND THEN
        SELECT count(*) INTO v_found FROM ${s}.events e
         WHERE e.stream_id = p_stream
           AND e.event_id IN (SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_events) x);
        IF v_found_stream <> p_stream OR v_found <> v_count THEN
          RAISE EXCEPTION USING ERRCODE = 'BTN02', MESSAGE = 'idempotency conflict', DETAIL = v_first::text;
        END IF;
        RETURN QUERY
          SELECT e.revision, e.transaction_id, e.global_position, true FROM ${s}.events e
           WHERE e.stream_id = p_stream
             AND e.event_id IN (SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_events) x)
           ORDER BY e.revision DESC LIMIT 1;
        RETURN;
      END IF;

      IF (p_expected = 'no_stream' AND v_exists)
         OR (p_expected = 'stream_exists' AND NOT v_exists)
         OR (p_expected NOT IN ('any', 'no_stream', 'stream_exists')
             AND (NOT v_exists OR v_current <> p_expected::bigint)) THEN
        RAISE EXCEPTION USING ERRCODE = 'BTN01', MESSAGE = 'wrong expected revision',
          DETAIL = CASE WHEN v_exists THEN v_current::text ELSE 'none' END;
      END IF;

      IF v_current IS NULL THEN
        INSERT INTO ${s}.streams (stream_id, revision) VALUES (p_stream, v_count - 1)
          ON CONFLICT (stream_id) DO NOTHING;
        IF NOT FOUND THEN
          -- Another transaction created the stream between our read and our insert (the insert waited for
          -- it to commit). 'any' appends after it, from the top; 'no_stream' has lost the race.
          IF p_expected = 'any' THEN
            RETURN QUERY SELECT * FROM ${s}.append(p_stream, p_expected, p_events);
            RETURN;
          END IF;
          SELECT revision INTO v_current FROM ${s}.streams WHERE stream_id = p_stream;
          RAISE EXCEPTION USING ERRCODE = 'BTN01', MESSAGE = 'wrong expected revision', DETAIL = v_current::text;
        END IF;
        v_current := -1;
      ELSE
        UPDATE ${s}.streams SET revision = v_current + v_count, deleted = false WHERE stream_id = p_stream;
      END IF;

      RETURN QUERY
        WITH inserted AS (
          INSERT INTO ${s}.events (stream_id, revision, event_id, type, schema_version, data, metadata)
          SELECT p_stream, v_current + x.ord, x.id, x.type, x.v, x.data, x.meta
            FROM ROWS FROM (jsonb_to_recordset(p_events) AS (id uuid, type text, v integer, data jsonb, meta jsonb))
                 WITH ORDINALITY AS x(id, type, v, data, meta, ord)
          ORDER BY x.ord
          RETURNING global_position
        )
        SELECT v_current + v_count, pg_current_xact_id(), max(i.global_position), false FROM inserted i;
    END
    $fn$;
    `,
    // v3 (ADR 0009, from the benchmark's cost breakdown): the type index served no query (filtered reads scan
    // the primary key in order); the append function skips the idempotency lookup for ids it was told are
    // fresh, and inserts a single event without jsonb_to_recordset.
    `
    DROP INDEX IF EXISTS ${s}.events_type_order;
    DROP FUNCTION ${s}.append(text, text, jsonb);
    CREATE FUNCTION ${s}.append(p_stream text, p_expected text, p_events jsonb, p_check_ids boolean DEFAULT true)
    RETURNS TABLE (next_revision bigint, tx xid8, pos bigint, replayed boolean)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      v_current bigint;
      v_deleted boolean;
      v_exists boolean;
      v_count integer := jsonb_array_length(p_events);
      v_first uuid := (p_events->0->>'id')::uuid;
      v_found_stream text;
      v_found integer;
    BEGIN
      SELECT revision, deleted INTO v_current, v_deleted FROM ${s}.streams WHERE stream_id = p_stream FOR UPDATE;
      v_exists := FOUND AND NOT v_deleted;

      -- A re-append of the same event ids answers with the original result. Ids the client library
      -- generated itself are new by construction (p_check_ids = false): no lookup.
      IF p_check_ids THEN
        SELECT e.stream_id INTO v_found_stream FROM ${s}.events e WHERE e.event_id = v_first;
      END IF;
      IF p_check_ids AND FOUND THEN
        SELECT count(*) INTO v_found FROM ${s}.events e
         WHERE e.stream_id = p_stream
           AND e.event_id IN (SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_events) x);
        IF v_found_stream <> p_stream OR v_found <> v_count THEN
          RAISE EXCEPTION USING ERRCODE = 'BTN02', MESSAGE = 'idempotency conflict', DETAIL = v_first::text;
        END IF;
        RETURN QUERY
          SELECT e.revision, e.transaction_id, e.global_position, true FROM ${s}.events e
           WHERE e.stream_id = p_stream
             AND e.event_id IN (SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_events) x)
           ORDER BY e.revision DESC LIMIT 1;
        RETURN;
      END IF;

      IF (p_expected = 'no_stream' AND v_exists)
         OR (p_expected = 'stream_exists' AND NOT v_exists)
         OR (p_expected NOT IN ('any', 'no_stream', 'stream_exists')
             AND (NOT v_exists OR v_current <> p_expected::bigint)) THEN
        RAISE EXCEPTION USING ERRCODE = 'BTN01', MESSAGE = 'wrong expected revision',
          DETAIL = CASE WHEN v_exists THEN v_current::text ELSE 'none' END;
      END IF;

      IF v_current IS NULL THEN
        INSERT INTO ${s}.streams (stream_id, revision) VALUES (p_stream, v_count - 1)
          ON CONFLICT (stream_id) DO NOTHING;
        IF NOT FOUND THEN
          -- Another transaction created the stream between our read and our insert (the insert waited for
          -- it to commit). 'any' appends after it, from the top; 'no_stream' has lost the race.
          IF p_expected = 'any' THEN
            RETURN QUERY SELECT * FROM ${s}.append(p_stream, p_expected, p_events, p_check_ids);
            RETURN;
          END IF;
          SELECT revision INTO v_current FROM ${s}.streams WHERE stream_id = p_stream;
          RAISE EXCEPTION USING ERRCODE = 'BTN01', MESSAGE = 'wrong expected revision', DETAIL = v_current::text;
        END IF;
        v_current := -1;
      ELSE
        UPDATE ${s}.streams SET revision = v_current + v_count, deleted = false WHERE stream_id = p_stream;
      END IF;

      IF v_count = 1 THEN
        -- The common case without the recordset machinery.
        RETURN QUERY
          INSERT INTO ${s}.events (stream_id, revision, event_id, type, schema_version, data, metadata)
          VALUES (p_stream, v_current + 1, v_first, p_events->0->>'type', (p_events->0->>'v')::integer,
                  p_events->0->'data', p_events->0->'meta')
          RETURNING revision, transaction_id, global_position, false;
        RETURN;
      END IF;

      RETURN QUERY
        WITH inserted AS (
          INSERT INTO ${s}.events (stream_id, revision, event_id, type, schema_version, data, metadata)
          SELECT p_stream, v_current + x.ord, x.id, x.type, x.v, x.data, x.meta
            FROM ROWS FROM (jsonb_to_recordset(p_events) AS (id uuid, type text, v integer, data jsonb, meta jsonb))
                 WITH ORDINALITY AS x(id, type, v, data, meta, ord)
          ORDER BY x.ord
          RETURNING global_position
        )
        SELECT v_current + v_count, pg_current_xact_id(), max(i.global_position), false FROM inserted i;
    END
    $fn$;
    `,
  ];
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Invalid schema name: ${name}`);
  return `"${name}"`;
}
