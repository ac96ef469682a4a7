import { parse } from 'csv-parse/sync';
import { firmRegisteredV1 } from '@baton/contracts';
import { published, record } from '../testing/fixtures';
import { CSV_COLUMNS, toCsv } from './csv';

describe('CSV export', () => {
  const entries = record([
    published(
      firmRegisteredV1.type,
      { ...firmRegisteredV1.example, name: '한빛, "정밀"\n2공장' },
      { actor: '@admin' },
    ),
    published('crisis-monitoring.warning-raised.v1', { warningId: 'w-1' }, { actor: '-1+1' }),
  ]);
  const text = toCsv(entries);

  it('starts with a byte order mark, ends rows with CRLF, quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(text.startsWith('\ufeffsequence,firm_id,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows: Record<string, string>[] = parse(text.slice(1), { columns: true });
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(2);
    expect(rows[0].summary).toContain('한빛, "정밀"\n2공장');
    expect(JSON.parse(rows[0].payload)).toEqual(entries[0].payload);
    expect(rows[0].hash).toBe(entries[0].hash);
    expect(rows[1].previous_hash).toBe(entries[0].hash);
  });

  it('defuses cells a spreadsheet would run as formulas, but never the payload', () => {
    const rows: Record<string, string>[] = parse(text.slice(1), { columns: true });
    expect(rows[0].actor).toBe("'@admin");
    expect(rows[1].actor).toBe("'-1+1");
    expect(rows[1].payload.startsWith('{')).toBe(true);
    expect(rows[0].effective_at).toBe('2026-03-02T09:00:00+09:00');
  });
});
