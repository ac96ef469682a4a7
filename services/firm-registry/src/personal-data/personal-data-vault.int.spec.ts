import { migrateSchema } from '@baton/eventstore';
import { createTestDatabase, type TestDatabase } from '@baton/testing';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PersonalDataVault } from './personal-data-vault';

describe('personal-data vault (crypto-shredding)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let vault: PersonalDataVault;

  beforeAll(async () => {
    db = await createTestDatabase('vault');
    pool = new Pool({ connectionString: db.url, options: '-c search_path=vault' });
    await migrateSchema(pool, 'vault', [PersonalDataVault.migration]);
    vault = new PersonalDataVault(pool, randomBytes(32));
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('given a sealed value, when unsealed, then it reads back; the ciphertext does not contain it', async () => {
    const sealed = await vault.seal('firm-a', { name: '김한빛' });
    expect(Buffer.from(sealed.ciphertext, 'base64').toString('utf8')).not.toContain('김한빛');
    expect(await vault.unseal(sealed)).toEqual({ name: '김한빛' });
  });

  it('given two firms, each has its own key: a value sealed for one cannot be opened as the other’s', async () => {
    const sealed = await vault.seal('firm-b', { name: '이서준' });
    await vault.seal('firm-c', { name: '박지민' });
    await expect(vault.unseal({ ...sealed, keyId: 'firm-c' })).rejects.toThrow();
  });

  it('when a firm’s key is erased, then every copy reads as erased, other firms are untouched, and nothing new can be sealed', async () => {
    const first = await vault.seal('firm-d', { name: '최유나' });
    const second = await vault.seal('firm-d', { name: '최유나', phone: '010-0000-0000' });
    const other = await vault.seal('firm-e', { name: '정하늘' });
    expect(await vault.erase('firm-d')).toBe(true);
    expect(await vault.erase('firm-d')).toBe(false);
    expect(await vault.unseal(first)).toBeUndefined();
    expect(await vault.unseal(second)).toBeUndefined();
    expect(await vault.unseal(other)).toEqual({ name: '정하늘' });
    await expect(vault.seal('firm-d', { name: '다시' })).rejects.toThrow(/erased/);
    const { rows } = await pool.query('SELECT wrapped_key FROM personal_data_keys WHERE firm_id = $1', [
      'firm-d',
    ]);
    expect(rows[0].wrapped_key).toBeNull();
  });

  it('refuses a key-encryption key that is not 32 bytes', () => {
    expect(() => new PersonalDataVault(pool, randomBytes(16))).toThrow(/32 bytes/);
  });
});
