import { createHash } from 'node:crypto';

/*
 * A minimal PDF 1.4 writer (ISO 32000-1 syntax, 1.4 feature set): A4 pages of monospaced text lines in the
 * standard Type 1 fonts Courier and Courier-Bold (WinAnsiEncoding), which every reader has, so nothing is
 * embedded. One content stream per page, uncompressed; a classic cross-reference table. Text must be
 * printable ASCII (romanize.ts): Korean needs an embedded CID font, which this writer does not produce.
 */

export const PAGE = { width: 595, height: 842, margin: 42, fontSize: 8.5, leading: 11 } as const;
/** Characters per line and lines per page at PAGE's size (Courier advances 0.6 em). */
export const COLUMNS = Math.floor((PAGE.width - 2 * PAGE.margin) / (PAGE.fontSize * 0.6));
export const ROWS = Math.floor((PAGE.height - 2 * PAGE.margin) / PAGE.leading);

/** A line of a page; `bold` sets it in Courier-Bold. */
export interface PdfLine {
  readonly text: string;
  readonly bold?: boolean;
}

export interface PdfInfo {
  readonly title: string;
  readonly author?: string;
  readonly subject?: string;
  readonly created: Date;
}

/** Wraps lines longer than COLUMNS (continuations indented) and cuts pages of ROWS − 2 lines plus a footer. */
export function paginate(lines: readonly PdfLine[], footer: string): PdfLine[][] {
  const wrapped: PdfLine[] = [];
  for (const line of lines) {
    let text = line.text;
    const indent = ' '.repeat(Math.min(8, text.length - text.trimStart().length + 2));
    while (text.length > COLUMNS) {
      let cut = text.lastIndexOf(' ', COLUMNS);
      if (cut <= indent.length) cut = COLUMNS;
      wrapped.push({ ...line, text: text.slice(0, cut) });
      text = indent + text.slice(cut).trimStart();
    }
    wrapped.push({ ...line, text });
  }
  const perPage = ROWS - 2;
  const pages: PdfLine[][] = [];
  for (let i = 0; i < Math.max(wrapped.length, 1); i += perPage) pages.push(wrapped.slice(i, i + perPage));
  return pages.map((page, i) => [
    ...page,
    ...Array(perPage - page.length).fill({ text: '' }),
    { text: '' },
    {
      text: `${footer} - page ${i + 1} of ${pages.length}`,
    },
  ]);
}

/** A PDF string literal: ASCII kept, ( ) \ escaped, other bytes as octal escapes. */
function literal(text: string): string {
  let out = '(';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === '(' || char === ')' || char === '\\') out += `\\${char}`;
    else if (code >= 0x20 && code < 0x7f) out += char;
    else out += `\\${(code & 0xff).toString(8).padStart(3, '0')}`;
  }
  return `${out})`;
}

function pdfDate(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `D:${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
}

function contentStream(lines: readonly PdfLine[]): string {
  const top = PAGE.height - PAGE.margin - PAGE.fontSize;
  const ops = ['BT', `${PAGE.leading} TL`, `${PAGE.margin} ${top} Td`];
  let bold: boolean | undefined;
  for (const line of lines) {
    if (line.bold !== bold || bold === undefined) {
      bold = line.bold ?? false;
      ops.push(`/${bold ? 'F2' : 'F1'} ${PAGE.fontSize} Tf`);
    }
    ops.push(`${literal(line.text)} Tj T*`);
  }
  ops.push('ET');
  return `${ops.join('\n')}\n`;
}

/** The document: catalog, page tree, two fonts, info, then per page its page object and content stream. */
export function renderPdf(pages: readonly (readonly PdfLine[])[], info: PdfInfo): Buffer {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 5 + 2 * i);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>';
  objects[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold /Encoding /WinAnsiEncoding >>';
  pages.forEach((lines, i) => {
    const stream = contentStream(lines);
    objects[pageIds[i]] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] ` +
      `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageIds[i] + 1} 0 R >>`;
    objects[pageIds[i] + 1] =
      `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}endstream`;
  });
  const infoId = objects.length;
  objects[infoId] =
    `<< /Title ${literal(info.title)} /Producer (Baton audit service) /CreationDate ${literal(pdfDate(info.created))}` +
    `${info.author ? ` /Author ${literal(info.author)}` : ''}${info.subject ? ` /Subject ${literal(info.subject)}` : ''} >>`;

  // A header comment with bytes over 127 marks the file as binary for transfer tools (ISO 32000-1 §7.5.2).
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = chunks[0].length;
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = length;
    const chunk = Buffer.from(`${id} 0 obj\n${objects[id]}\nendobj\n`, 'latin1');
    chunks.push(chunk);
    length += chunk.length;
  }
  const body = Buffer.concat(chunks);
  const id = createHash('md5').update(body).digest('hex');
  const xref = [
    'xref',
    `0 ${objects.length}`,
    '0000000000 65535 f\r',
    ...offsets.slice(1).map((offset) => `${String(offset).padStart(10, '0')} 00000 n\r`),
    'trailer',
    `<< /Size ${objects.length} /Root 1 0 R /Info ${infoId} 0 R /ID [<${id}> <${id}>] >>`,
    'startxref',
    String(length),
    '%%EOF',
    '',
  ].join('\n');
  return Buffer.concat([body, Buffer.from(xref, 'latin1')]);
}
