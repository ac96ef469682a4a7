import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import type { SealedPersonalData } from './sealed';

/**
 * One AES-256-GCM data key per firm, stored wrapped by the service's key-encryption key. Personal data in
 * events and read models is sealed with it; `erase` destroys the key, and every sealed copy (in the event
 * store, backups, read models) reads as erased from then on — crypto-shredding.
 */
export class PersonalDataVault {
  constructor(
    private readonly pool: Pool,
    private readonly keyEncryptionKey: Buffer,
  ) {
    if (keyEncryptionKey.length !== 32) throw new Error('The key-encryption key must be 32 bytes');
  }

  static readonly migration = `
    CREATE TABLE personal_data_keys (
      firm_id     text PRIMARY KEY,
      wrapped_key bytea,
      created_at  timestamptz NOT NULL DEFAULT now(),
      erased_at   timestamptz
    );`;

  async seal(firmId: string, value: unknown): Promise<SealedPersonalData> {
    const key = await this.keyOf(firmId, true);
    if (!key)
      throw new Error(`The personal data of firm ${firmId} was erased; nothing new can be sealed for it`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(firmId));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return {
      keyId: firmId,
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  /** The sealed value, or `undefined` when the firm's key was erased. */
  async unseal<T>(sealed: SealedPersonalData): Promise<T | undefined> {
    const key = await this.keyOf(sealed.keyId, false);
    if (!key) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(sealed.keyId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8')) as T;
  }

  /** Destroys the firm's key. Returns false when it was already gone. */
  async erase(firmId: string): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // The pool may commit asynchronously (see `openVaultPool`); an erasure must be durable when it returns.
      await client.query('SET LOCAL synchronous_commit TO on');
      const { rowCount } = await client.query(
        `INSERT INTO personal_data_keys (firm_id, wrapped_key, erased_at) VALUES ($1, NULL, now())
         ON CONFLICT (firm_id) DO UPDATE SET wrapped_key = NULL, erased_at = now()
         WHERE personal_data_keys.erased_at IS NULL`,
        [firmId],
      );
      await client.query('COMMIT');
      return (rowCount ?? 0) > 0;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async keyOf(firmId: string, create: boolean): Promise<Buffer | undefined> {
    const { rows } = create
      ? await this.pool.query<{ wrapped_key: Buffer | null }>(
          // One round trip: insert a fresh key unless the firm has one, and read whichever is stored.
          `WITH inserted AS (
             INSERT INTO personal_data_keys (firm_id, wrapped_key) VALUES ($1, $2)
             ON CONFLICT (firm_id) DO NOTHING RETURNING wrapped_key)
           SELECT wrapped_key FROM inserted
           UNION ALL SELECT wrapped_key FROM personal_data_keys WHERE firm_id = $1
           LIMIT 1`,
          [firmId, this.wrap(randomBytes(32))],
        )
      : await this.pool.query<{ wrapped_key: Buffer | null }>(
          'SELECT wrapped_key FROM personal_data_keys WHERE firm_id = $1',
          [firmId],
        );
    const wrapped = rows[0]?.wrapped_key;
    return wrapped ? this.unwrap(wrapped) : undefined;
  }

  private wrap(key: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyEncryptionKey, iv);
    const body = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private unwrap(wrapped: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.keyEncryptionKey, wrapped.subarray(0, 12));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
  }
}

/**
 * The vault's own small pool. Key inserts commit without waiting for their WAL flush: the event that uses
 * a key is appended afterwards with a synchronous commit, and PostgreSQL flushes WAL in order, so that
 * flush makes the key durable before the event is (a crash in between loses only an unused key).
 */
export function openVaultPool(connectionString: string, schema: string): Pool {
  const pool = new Pool({
    connectionString,
    max: 4,
    application_name: 'firm-registry-vault',
    options: `-c search_path=${schema} -c synchronous_commit=off`,
  });
  pool.on('error', () => undefined);
  return pool;
}
