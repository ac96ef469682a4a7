import { romanize } from './romanize';

describe('romanize (Revised Romanization, syllable by syllable) for the PDF’s Courier font', () => {
  it.each([
    ['주식회사 한빛정밀', 'jusikhoesa hanbitjeongmil'],
    ['선도기업', 'seondogieop'],
    ['부산테크노파크', 'busantekeunopakeu'],
    ['위기지원센터', 'wigijiwonsenteo'],
    ['대구창조경제혁신센터', 'daeguchangjogyeongjehyeoksinsenteo'],
    ['꽃', 'kkot'],
    ['ASCII stays: 123-45-67890 (a, b)', 'ASCII stays: 123-45-67890 (a, b)'],
  ])('%s → %s', (korean, latin) => {
    expect(romanize(korean)).toBe(latin);
  });

  it('replaces typographic punctuation and marks what Courier cannot show', () => {
    expect(romanize('지역·산업 – “선도” → 경남 … 漢字 😀')).toBe(
      'jiyeok.saneop - "seondo" -> gyeongnam ... ?? ?',
    );
    expect(romanize('a\tb\nc')).toBe('a b c');
  });

  it('always gives printable ASCII', () => {
    const all = Array.from({ length: 0xffff }, (_, i) => String.fromCharCode(i)).join('');
    expect(romanize(all)).toMatch(/^[\x20-\x7e]*$/);
  });
});
