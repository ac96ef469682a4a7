import { UpcasterRegistry } from './upcasting';

describe('UpcasterRegistry', () => {
  const registry = new UpcasterRegistry()
    .register('FirmRegistered', 1, (d: { name: string }) => ({ name: { ko: d.name } }))
    .register('FirmRegistered', 2, (d: { name: { ko: string } }) => ({ ...d, size: 'unknown' }));

  it('chains steps from the stored version to the current one', () => {
    const stored = { type: 'FirmRegistered', schemaVersion: 1, data: { name: '대성정밀' } };
    expect(registry.upcast(stored)).toEqual({
      type: 'FirmRegistered',
      schemaVersion: 3,
      data: { name: { ko: '대성정밀' }, size: 'unknown' },
    });
  });

  it('leaves current-version and unknown-type events untouched', () => {
    const current = { type: 'FirmRegistered', schemaVersion: 3, data: { x: 1 } };
    expect(registry.upcast(current)).toBe(current);
    const other = { type: 'Other', schemaVersion: 1, data: {} };
    expect(registry.upcast(other)).toBe(other);
  });

  it('tells the current version new events are written with', () => {
    expect(registry.currentVersion('FirmRegistered')).toBe(3);
    expect(registry.currentVersion('Other')).toBe(1);
  });

  it('refuses events newer than the code, missing steps and duplicate registrations', () => {
    expect(() => registry.upcast({ type: 'FirmRegistered', schemaVersion: 4, data: {} })).toThrow(/newer/);
    const gappy = new UpcasterRegistry().register('A', 2, (d) => d);
    expect(() => gappy.upcast({ type: 'A', schemaVersion: 1, data: {} })).toThrow(
      /No upcaster for A from schema version 1/,
    );
    expect(() => registry.register('FirmRegistered', 1, (d) => d)).toThrow(/already registered/);
    expect(() => registry.register('B', 0, (d) => d)).toThrow(/>= 1/);
  });
});
