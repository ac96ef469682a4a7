import { COLUMNS, paginate, renderPdf, ROWS } from './pdf';

const info = { title: 'Report (1)', created: new Date('2026-11-22T01:02:03Z') };

/** Every object the cross-reference table lists, at the byte offset it gives. */
function objectsByXref(pdf: string): string[] {
  const start = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)![1]);
  const [, size] = /^xref\n0 (\d+)\n/.exec(pdf.slice(start))!;
  return pdf
    .slice(start)
    .split('\n')
    .slice(3, 2 + Number(size))
    .map((line, i) => {
      const offset = Number(line.slice(0, 10));
      expect(line).toHaveLength(19); // + "\n": 20-byte entries
      expect(pdf.slice(offset, offset + `${i + 1} 0 obj\n`.length)).toBe(`${i + 1} 0 obj\n`);
      return pdf.slice(offset, pdf.indexOf('endobj', offset));
    });
}

describe('minimal PDF 1.4 writer', () => {
  it('writes a header, objects at the offsets of the xref table, a trailer and startxref', () => {
    const pdf = renderPdf([[{ text: 'hello' }], [{ text: 'world', bold: true }]], info).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4\n%')).toBe(true);
    const objects = objectsByXref(pdf);
    expect(objects).toHaveLength(9); // catalog, pages, 2 fonts, 2 × (page, content), info
    expect(objects[1]).toContain('/Kids [5 0 R 7 0 R] /Count 2');
    expect(pdf).toMatch(
      /trailer\n<< \/Size 10 \/Root 1 0 R \/Info 9 0 R \/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\] >>/,
    );
    expect(objects[8]).toContain(
      '/Title (Report \\(1\\)) /Producer (Baton audit service) /CreationDate (D:20261122010203Z)',
    );
  });

  it('gives each content stream its exact length and escapes ( ) \\ in text', () => {
    const pdf = renderPdf([[{ text: 'a (b) c\\d' }]], info).toString('latin1');
    const [, length, body] = /<< \/Length (\d+) >>\nstream\n([\s\S]*?)endstream/.exec(pdf)!;
    expect(Buffer.byteLength(body, 'latin1')).toBe(Number(length));
    expect(body).toContain('(a \\(b\\) c\\\\d) Tj T*');
    expect(body).toContain('/F1 8.5 Tf');
  });

  it('wraps long lines at a space, indents the continuation, and numbers the pages', () => {
    const long = `  ${'word '.repeat(60)}`.trimEnd();
    const pages = paginate(
      [{ text: long }, ...Array.from({ length: 200 }, (_, i) => ({ text: `line ${i}` }))],
      'Report',
    );
    for (const page of pages) {
      expect(page).toHaveLength(ROWS);
      for (const line of page) expect(line.text.length).toBeLessThanOrEqual(COLUMNS);
    }
    expect(pages[0][0].text.startsWith('  word')).toBe(true);
    expect(pages[0][1].text.startsWith('    word')).toBe(true);
    expect(pages.at(-1)!.at(-1)!.text).toBe(`Report - page ${pages.length} of ${pages.length}`);
    const text = pages
      .flat()
      .map((l) => l.text.trim())
      .join(' ');
    expect(text).toContain('line 0 line 1');
    expect(text).toContain('line 199');
  });

  it('an empty document still has one page', () => {
    const pdf = renderPdf(paginate([], 'Empty'), info).toString('latin1');
    expect(pdf).toContain('/Count 1');
  });
});
