import { allContracts } from '@baton/contracts';
import { createKafka, type BusServer } from '@baton/messaging';
import {
  createLogger,
  createMetricsRegistry,
  HealthChecks,
  kafkaLogCreator,
  openBusServer,
  openServiceDatabase,
  createActorResolver,
  type ActorResolver,
  type Logger,
} from '@baton/platform';
import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { EmbeddedBusView, KafkaBusView, type BusView } from './completeness/bus-view';
import { checkCompleteness, type CompletenessReport } from './completeness/completeness';
import type { AuditConfig } from './config';
import { DigestSchedule } from './digests/digest-schedule';
import { Digests } from './digests/digests';
import { loadKeyRing, type KeyRing } from './digests/key-ring';
import { LEDGER_MIGRATIONS, LEDGER_SCHEMA } from './ledger.migrations';
import { ReadLog } from './reads/read-log';
import { LEDGERED_TOPICS } from './recording/ledger.reactions';
import { LedgerWriter } from './recording/ledger-writer';
import { LedgerReader } from './store/ledger-reader';
import { ReplayCache } from './store/replay-cache';

export const SERVICE = 'audit';

export interface AuditRuntime {
  readonly config: AuditConfig;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly health: HealthChecks;
  readonly dataSource: DataSource;
  readonly keys: KeyRing;
  readonly writer: LedgerWriter;
  readonly reader: LedgerReader;
  readonly replays: ReplayCache;
  readonly digests: Digests;
  readonly reads: ReadLog;
  readonly actors: ActorResolver;
  /** The bus transport the ledger consumes with (started by main). */
  readonly bus: BusServer;
  readonly busView: BusView;
  completeness(): Promise<CompletenessReport>;
  close(): Promise<void>;
}

/**
 * The audit service's parts: its schema (ledger, digests, reads), the signing key, the bus consumer of every
 * firm-scoped topic, the periodic digest and the metrics. The ledger is the service's own record: there is no
 * event store and no projection (issue 7: replays are rebuilt from the ledger alone).
 */
export async function createRuntime(
  config: AuditConfig,
  logger: Logger = createLogger(SERVICE, config.LOG_LEVEL),
): Promise<AuditRuntime> {
  const keys = loadKeyRing(config, logger);
  const dataSource = await openServiceDatabase(config, {
    service: SERVICE,
    schema: LEDGER_SCHEMA,
    migrations: LEDGER_MIGRATIONS,
    logger,
  });
  const reader = new LedgerReader(dataSource);
  const digests = new Digests(dataSource, reader, keys, logger.child({ component: 'digests' }));
  const topics = LEDGERED_TOPICS.map((t) => ({ name: t.name, partitions: t.partitions }));

  const busLogger = logger.child({ component: 'bus' });
  const consumed = {
    group: config.AUDIT_CONSUMER_GROUP,
    topics,
    dataSource,
    contracts: allContracts,
    logger: busLogger,
  };
  const kafka = () =>
    createKafka({
      brokers: config.KAFKA_BROKERS!.split(','),
      clientId: `${SERVICE}-admin`,
      logCreator: kafkaLogCreator(logger),
    });
  const bus: BusServer = openBusServer(config, SERVICE, logger, consumed, { schema: config.BUS_SCHEMA });
  const busView: BusView =
    config.BUS === 'kafka'
      ? new KafkaBusView(async () => {
          const admin = kafka().admin();
          await admin.connect();
          return admin;
        })
      : new EmbeddedBusView(dataSource, config.BUS_SCHEMA);

  const metrics = createMetricsRegistry(SERVICE);
  registerLedgerMetrics(metrics, dataSource);
  const health = new HealthChecks();
  health.register('database', async () => {
    await dataSource.query('SELECT 1');
    return { status: 'up' };
  });
  health.register('bus', async () => bus.health());
  health.register('digests', async () => {
    const latest = await digests.latest([keys.signing.keyId]);
    return {
      status: 'up',
      detail: latest ? { latest: latest.digestId, upTo: latest.upTo, keyId: latest.keyId } : 'none yet',
    };
  });

  // A digest by the current key at start (so exports and verification have one), then periodically.
  await digests.signIfChanged();
  const digesting = new DigestSchedule(
    config.AUDIT_DIGEST_INTERVAL_MS,
    () => digests.signIfChanged(),
    logger,
  );
  digesting.start();

  let closing: Promise<void> | undefined;
  return {
    config,
    logger,
    metrics,
    health,
    dataSource,
    keys,
    writer: new LedgerWriter(),
    reader,
    replays: new ReplayCache(reader, config.AUDIT_REPLAY_CACHE_ENTRIES),
    digests,
    reads: new ReadLog(dataSource),
    actors: createActorResolver(config, logger),
    bus,
    busView,
    completeness: () =>
      checkCompleteness(dataSource, busView, {
        topics: topics.map((t) => t.name),
        group: config.AUDIT_CONSUMER_GROUP,
        maxGaps: config.COMPLETENESS_MAX_GAPS,
      }),
    close() {
      closing ??= (async () => {
        await Promise.resolve(bus.close()).catch(() => undefined);
        await digesting.stop();
        await dataSource.destroy();
        logger.info('runtime closed');
      })();
      return closing;
    },
  };
}

/** Ledger size, ingest lag and digest age, read from the database when Prometheus scrapes. */
function registerLedgerMetrics(registry: Registry, dataSource: DataSource): void {
  const read = async () => {
    const [row]: { entries: string; firms: string; last: Date | null; digest: Date | null; reads: string }[] =
      await dataSource.query(
        `SELECT coalesce(sum(sequence), 0)::text AS entries, count(*) FILTER (WHERE sequence > 0)::text AS firms,
                max(recorded_at) AS last, (SELECT max(up_to) FROM digests) AS digest,
                (SELECT coalesce(max(read_id), 0)::text FROM audit_reads) AS reads
           FROM ledger_heads`,
      );
    return row;
  };
  new Gauge({
    name: 'audit_ledger_entries',
    help: 'Entries in the audit ledger (all firms)',
    registers: [registry],
    async collect() {
      this.set(Number((await read()).entries));
    },
  });
  new Gauge({
    name: 'audit_ledger_firms',
    help: 'Firms with a chain in the audit ledger',
    registers: [registry],
    async collect() {
      this.set(Number((await read()).firms));
    },
  });
  new Gauge({
    name: 'audit_ledger_last_recorded_seconds',
    help: 'Unix time of the latest ledger entry',
    registers: [registry],
    async collect() {
      const last = (await read()).last;
      this.set(last ? last.getTime() / 1000 : 0);
    },
  });
  new Gauge({
    name: 'audit_digest_watermark_seconds',
    help: 'Unix time of the latest signed digest’s watermark (upTo)',
    registers: [registry],
    async collect() {
      const digest = (await read()).digest;
      this.set(digest ? digest.getTime() / 1000 : 0);
    },
  });
  new Gauge({
    name: 'audit_reads_recorded',
    help: 'Reads of firm histories recorded in audit_reads',
    registers: [registry],
    async collect() {
      this.set(Number((await read()).reads));
    },
  });
}
