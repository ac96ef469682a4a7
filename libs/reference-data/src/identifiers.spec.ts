import {
  InvalidIdentifierError,
  businessTypeOf,
  formatBusinessRegistrationNumber,
  formatCorporateRegistrationNumber,
  parseBusinessRegistrationNumber,
  parseCorporateRegistrationNumber,
  parseKsicCode,
} from './identifiers';

describe('사업자등록번호 (business registration number)', () => {
  // The three numbers REFDATA §5a checked by hand.
  const VALID = ['1168200276', '1348672683', '1248100998'];

  it.each(VALID)('accepts %s, bare or hyphenated', (brn) => {
    const hyphenated = `${brn.slice(0, 3)}-${brn.slice(3, 5)}-${brn.slice(5)}`;
    expect(parseBusinessRegistrationNumber(brn)).toEqual({ ok: true, value: brn });
    expect(parseBusinessRegistrationNumber(hyphenated)).toEqual({ ok: true, value: brn });
    expect(parseBusinessRegistrationNumber(`  ${hyphenated} `)).toEqual({ ok: true, value: brn });
  });

  it.each(VALID)('rejects %s with any one digit changed by one', (brn) => {
    for (let i = 0; i < 10; i += 1) {
      for (const delta of [1, 9]) {
        const changed = `${brn.slice(0, i)}${(Number(brn[i]) + delta) % 10}${brn.slice(i + 1)}`;
        expect(parseBusinessRegistrationNumber(changed)).toMatchObject({ ok: false, rule: 'checksum' });
      }
    }
  });

  it('adds the carry of the 9th digit × 5 (the step that plain weighted sums miss)', () => {
    // 124-81-00998: the 9th digit is 9, so (9 × 5) / 10 = 4 is added; without it the check digit would be 2.
    expect(parseBusinessRegistrationNumber('124-81-00992')).toMatchObject({ ok: false, rule: 'checksum' });
  });

  it.each([
    '',
    '116820027',
    '11682002766',
    '116-8200276',
    '1168-20-0276',
    '116-82-0027-6',
    '116 82 00276',
    '116–82–00276',
    '116-82-0027a',
    '１１６８２００２７６',
  ])('rejects the format of %p', (input) => {
    expect(parseBusinessRegistrationNumber(input)).toMatchObject({ ok: false, rule: 'format' });
  });

  it('explains a rejection', () => {
    const result = parseBusinessRegistrationNumber('116-82-00277');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/check digit/);
  });

  it('formats as XXX-XX-XXXXX', () => {
    expect(formatBusinessRegistrationNumber('1168200276')).toBe('116-82-00276');
    expect(formatBusinessRegistrationNumber('116-82-00276')).toBe('116-82-00276');
    expect(() => formatBusinessRegistrationNumber('1168200277')).toThrow(InvalidIdentifierError);
  });

  it('reads the business type from the middle two digits', () => {
    expect(businessTypeOf('116-82-00276')).toBe('non-profit-corporation');
    expect(businessTypeOf('134-86-72683')).toBe('for-profit-corporation-head-office');
    expect(businessTypeOf('124-81-00998')).toBe('for-profit-corporation-head-office');
    expect(() => businessTypeOf('124-81-00999')).toThrow(InvalidIdentifierError);
  });

  it('maps every type code as the REFDATA table does', () => {
    // Builds a valid number for a type code by trying each check digit.
    const withType = (type: string) =>
      [...'0123456789'].map((c) => `101${type}0001${c}`).find((n) => parseBusinessRegistrationNumber(n).ok)!;
    const typeOf = (code: number) => businessTypeOf(withType(String(code).padStart(2, '0')));
    expect(typeOf(0)).toBeUndefined();
    expect([1, 50, 79].map(typeOf)).toEqual(Array(3).fill('sole-proprietor-vat'));
    expect(typeOf(80)).toBe('non-corporate-organization');
    expect([81, 86, 87, 88].map(typeOf)).toEqual(Array(4).fill('for-profit-corporation-head-office'));
    expect(typeOf(82)).toBe('non-profit-corporation');
    expect(typeOf(83)).toBe('state-or-local-government');
    expect(typeOf(84)).toBe('foreign-corporation');
    expect(typeOf(85)).toBe('for-profit-corporation-branch');
    expect(typeOf(89)).toBe('religious-organization');
    expect([90, 99].map(typeOf)).toEqual(Array(2).fill('vat-exempt-sole-proprietor'));
  });
});

describe('법인등록번호 (corporate registration number)', () => {
  it('accepts the worked example 110111-0062432, bare or hyphenated', () => {
    expect(parseCorporateRegistrationNumber('110111-0062432')).toEqual({ ok: true, value: '1101110062432' });
    expect(parseCorporateRegistrationNumber(' 1101110062432 ')).toEqual({ ok: true, value: '1101110062432' });
  });

  it('rejects it with the check digit or another digit off by one', () => {
    for (const input of ['110111-0062431', '110111-0062433', '110111-0072432', '210111-0062432']) {
      expect(parseCorporateRegistrationNumber(input)).toMatchObject({ ok: false, rule: 'checksum' });
    }
  });

  it('rejects a malformed number', () => {
    for (const input of ['110111-006243', '1101-110062432', '11011100624321', '110111 0062432']) {
      expect(parseCorporateRegistrationNumber(input)).toMatchObject({ ok: false, rule: 'format' });
    }
  });

  it('formats as XXXXXX-XXXXXXX', () => {
    expect(formatCorporateRegistrationNumber('1101110062432')).toBe('110111-0062432');
    expect(() => formatCorporateRegistrationNumber('1101110062433')).toThrow(InvalidIdentifierError);
  });
});

describe('KSIC code', () => {
  it.each([
    ['C26110', { section: 'C', code: '26110', level: 'subclass' }],
    ['26110', { code: '26110', level: 'subclass' }],
    ['2611', { code: '2611', level: 'class' }],
    ['261', { code: '261', level: 'group' }],
    ['26', { code: '26', level: 'division' }],
    ['C10', { section: 'C', code: '10', level: 'division' }],
    ['C34', { section: 'C', code: '34', level: 'division' }],
    [' c26110 ', { section: 'C', code: '26110', level: 'subclass' }],
    ['J62010', { section: 'J', code: '62010', level: 'subclass' }],
    ['A01', { section: 'A', code: '01', level: 'division' }],
  ])('parses %p', (input, value) => {
    expect(parseKsicCode(input)).toEqual({ ok: true, value });
  });

  it('has no section unless one is given', () => {
    const parsed = parseKsicCode('26110');
    expect(parsed.ok && 'section' in parsed.value).toBe(false);
  });

  it.each(['', '2', '261101', 'C', 'V26', 'CC26', '26-110', 'C 26110', '00', '00110'])(
    'rejects the format of %p',
    (input) => {
      expect(parseKsicCode(input)).toMatchObject({ ok: false, rule: 'format' });
    },
  );

  it('checks that a section C code is in manufacturing divisions 10–34', () => {
    expect(parseKsicCode('C09')).toMatchObject({ ok: false, rule: 'format' });
    expect(parseKsicCode('C35110')).toMatchObject({
      ok: false,
      rule: 'format',
      message: expect.stringMatching(/10–34/),
    });
  });

  it('does not check the division of other sections (a documented limitation)', () => {
    expect(parseKsicCode('A26110')).toMatchObject({ ok: true });
  });
});
