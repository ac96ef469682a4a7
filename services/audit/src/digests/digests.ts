import { randomUUID } from 'node:crypto';
import type { Logger } from '@baton/platform';
import type { DataSource } from 'typeorm';
import { signDigest, type SignedDigest } from '../ledger';
import type { LedgerReader } from '../store/ledger-reader';
import type { KeyRing } from './key-ring';

/**
 * Signed digests over the head of every firm's chain (VERIFY.md §4), made periodically and whenever an export
 * needs one that covers a firm's latest entry.
 *
 * The watermark: a digest takes ledger_heads' SHARE lock, which waits for every transaction still appending
 * (they hold ROW EXCLUSIVE from their first statement, ledger-writer.ts) and holds off new ones while it
 * reads the database clock. Entries committed before have recordedAt ≤ that clock; entries appended after
 * read a later clock. With the watermark one millisecond below the clock (recordedAt has millisecond
 * precision), every entry recorded at or before it is committed and none can follow: the heads at the
 * watermark are final. The lock is held for that one statement only.
 */
export class Digests {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: LedgerReader,
    private readonly keys: KeyRing,
    private readonly logger: Logger,
  ) {}

  /** Signs a digest of every chain at the current watermark and stores it. */
  async sign(): Promise<SignedDigest> {
    const { createdAt, upTo } = await this.dataSource.transaction(async (manager) => {
      await manager.query('LOCK TABLE ledger_heads IN SHARE MODE');
      const [row]: { now: Date }[] = await manager.query(
        `SELECT date_trunc('milliseconds', clock_timestamp()) AS now`,
      );
      return {
        createdAt: row.now.toISOString(),
        upTo: new Date(row.now.getTime() - 1).toISOString(),
      };
    });
    const heads = await this.reader.headsAt(upTo);
    const digest = signDigest(heads, this.keys.signing.privateKey, this.keys.signing.keyId, {
      digestId: randomUUID(),
      createdAt,
      upTo,
    });
    await this.dataSource.query(
      'INSERT INTO digests (digest_id, up_to, key_id, chains, document) VALUES ($1, $2, $3, $4, $5::json)',
      [digest.digestId, digest.upTo, digest.keyId, digest.chains, JSON.stringify(digest)],
    );
    this.logger.info(
      { digestId: digest.digestId, upTo, chains: digest.chains, root: digest.root, keyId: digest.keyId },
      'ledger digest signed',
    );
    return digest;
  }

  /** Signs a digest when entries were recorded since the latest one by the current key (or there is none). */
  async signIfChanged(): Promise<SignedDigest | undefined> {
    const latest = await this.latest([this.keys.signing.keyId]);
    const [row]: { last: Date | null }[] = await this.dataSource.query(
      'SELECT max(recorded_at) AS last FROM ledger_heads',
    );
    if (latest && (row.last === null || row.last.getTime() <= Date.parse(latest.upTo))) return undefined;
    return this.sign();
  }

  /** The latest digest signed by one of `keyIds` (default: every key this service verifies). */
  async latest(keyIds: readonly string[] = this.keys.keyIds()): Promise<SignedDigest | undefined> {
    const rows: { document: SignedDigest }[] = await this.dataSource.query(
      `SELECT document FROM digests WHERE key_id = ANY($1::text[]) ORDER BY up_to DESC, signed_at DESC LIMIT 1`,
      [keyIds],
    );
    return rows[0]?.document;
  }

  /**
   * The latest digest of the current key whose watermark covers `recordedAt`; a new one if none does (an
   * entry recorded in the very millisecond of a digest's clock falls after its watermark: sign once more).
   */
  async covering(recordedAt: string): Promise<SignedDigest> {
    const rows: { document: SignedDigest }[] = await this.dataSource.query(
      `SELECT document FROM digests WHERE key_id = $1 AND up_to >= $2
        ORDER BY up_to DESC, signed_at DESC LIMIT 1`,
      [this.keys.signing.keyId, recordedAt],
    );
    if (rows.length) return rows[0].document;
    for (;;) {
      const digest = await this.sign();
      if (Date.parse(digest.upTo) >= Date.parse(recordedAt)) return digest;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}
