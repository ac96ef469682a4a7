/** A parse result: the normalized value, or why the input was rejected. */
export type Parsed<T, Rule extends string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly rule: Rule; readonly message: string };

export class InvalidIdentifierError extends Error {
  override readonly name = 'InvalidIdentifierError';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

const digitsOf = (value: string): number[] => [...value].map(Number);

const fail = <Rule extends string>(rule: Rule, message: string) => ({ ok: false as const, rule, message });

// ---------------------------------------------------------------------------------------------------------
// 사업자등록번호 (business registration number), REFDATA §5a: 3-digit tax office, 2-digit type, 4-digit serial,
// 1 check digit.

const BRN_WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5];

const brnCheckDigit = (d: readonly number[]): number => {
  let sum = BRN_WEIGHTS.reduce((s, w, i) => s + d[i] * w, 0);
  sum += Math.floor((d[8] * 5) / 10);
  return (10 - (sum % 10)) % 10;
};

/**
 * Checks a 사업자등록번호 written as 10 digits or as XXX-XX-XXXXX (surrounding spaces ignored) and returns its 10
 * digits. A valid check digit does not mean that the business exists or is open: ask the NTS 사업자등록정보 진위확인
 * 및 상태조회 API for that.
 */
export const parseBusinessRegistrationNumber = (input: string): Parsed<string, 'format' | 'checksum'> => {
  const trimmed = input.trim();
  if (!/^(\d{10}|\d{3}-\d{2}-\d{5})$/.test(trimmed)) {
    return fail(
      'format',
      `"${input}" is not a 사업자등록번호: expected 10 digits, written as 1234567890 or 123-45-67890`,
    );
  }
  const value = trimmed.replace(/-/g, '');
  const digits = digitsOf(value);
  if (brnCheckDigit(digits) !== digits[9]) {
    return fail(
      'checksum',
      `"${input}" is not a 사업자등록번호: its check digit (last digit) does not match`,
    );
  }
  return { ok: true, value };
};

const validBrn = (brn: string): string => {
  const parsed = parseBusinessRegistrationNumber(brn);
  if (!parsed.ok) throw new InvalidIdentifierError(parsed.rule, parsed.message);
  return parsed.value;
};

/** 1168200276 → 116-82-00276. Throws InvalidIdentifierError for anything parseBusinessRegistrationNumber rejects. */
export const formatBusinessRegistrationNumber = (brn: string): string => {
  const v = validBrn(brn);
  return `${v.slice(0, 3)}-${v.slice(3, 5)}-${v.slice(5)}`;
};

/** What the middle two digits of a 사업자등록번호 say about the business (OECD via org-id.guide, REFDATA §5a). */
export type BusinessType =
  | 'sole-proprietor-vat' // 01–79
  | 'non-corporate-organization' // 80
  | 'for-profit-corporation-head-office' // 81, 86–88
  | 'non-profit-corporation' // 82
  | 'state-or-local-government' // 83
  | 'foreign-corporation' // 84
  | 'for-profit-corporation-branch' // 85
  | 'religious-organization' // 89
  | 'vat-exempt-sole-proprietor'; // 90–99

/**
 * The business type of a valid 사업자등록번호, or `undefined` for type code 00, which the table does not assign.
 * Throws InvalidIdentifierError for anything parseBusinessRegistrationNumber rejects.
 */
export const businessTypeOf = (brn: string): BusinessType | undefined => {
  const type = Number(validBrn(brn).slice(3, 5));
  if (type === 0) return undefined;
  if (type <= 79) return 'sole-proprietor-vat';
  if (type >= 90) return 'vat-exempt-sole-proprietor';
  const special: Record<number, BusinessType> = {
    80: 'non-corporate-organization',
    81: 'for-profit-corporation-head-office',
    82: 'non-profit-corporation',
    83: 'state-or-local-government',
    84: 'foreign-corporation',
    85: 'for-profit-corporation-branch',
    86: 'for-profit-corporation-head-office',
    87: 'for-profit-corporation-head-office',
    88: 'for-profit-corporation-head-office',
    89: 'religious-organization',
  };
  return special[type];
};

// ---------------------------------------------------------------------------------------------------------
// 법인등록번호 (corporate registration number), REFDATA §5b: 4-digit registry office, 2-digit corporation kind,
// 6-digit serial, 1 check digit (오류검색번호).

const crnCheckDigit = (d: readonly number[]): number => {
  const sum = d.slice(0, 12).reduce((s, digit, i) => s + digit * (i % 2 === 0 ? 1 : 2), 0);
  return (10 - (sum % 10)) % 10;
};

/** Checks a 법인등록번호 written as 13 digits or as XXXXXX-XXXXXXX (surrounding spaces ignored). */
export const parseCorporateRegistrationNumber = (input: string): Parsed<string, 'format' | 'checksum'> => {
  const trimmed = input.trim();
  if (!/^(\d{13}|\d{6}-\d{7})$/.test(trimmed)) {
    return fail(
      'format',
      `"${input}" is not a 법인등록번호: expected 13 digits, written as 1234561234567 or 123456-1234567`,
    );
  }
  const value = trimmed.replace('-', '');
  const digits = digitsOf(value);
  if (crnCheckDigit(digits) !== digits[12]) {
    return fail('checksum', `"${input}" is not a 법인등록번호: its check digit (last digit) does not match`);
  }
  return { ok: true, value };
};

/** 1101110062432 → 110111-0062432. Throws InvalidIdentifierError for anything the parser rejects. */
export const formatCorporateRegistrationNumber = (crn: string): string => {
  const parsed = parseCorporateRegistrationNumber(crn);
  if (!parsed.ok) throw new InvalidIdentifierError(parsed.rule, parsed.message);
  return `${parsed.value.slice(0, 6)}-${parsed.value.slice(6)}`;
};

// ---------------------------------------------------------------------------------------------------------
// KSIC (한국표준산업분류), REFDATA §5c: optional section letter A–U, then 2 (중분류) to 5 (세세분류) digits.

/** 중분류 (division, 2 digits), 소분류 (group, 3), 세분류 (class, 4), 세세분류 (subclass, 5). */
export type KsicLevel = 'division' | 'group' | 'class' | 'subclass';

export interface KsicCode {
  /** The section letter (대분류), only when the input had one. It is not part of the numeric code. */
  readonly section?: string;
  readonly code: string;
  readonly level: KsicLevel;
}

const KSIC_LEVELS: Record<number, KsicLevel> = { 2: 'division', 3: 'group', 4: 'class', 5: 'subclass' };

/**
 * Checks the shape of a KSIC code such as 'C26110' or '26110' (surrounding spaces ignored, the letter may be lower
 * case). It does not check that the code exists in the 10th or 11th revision: no official table is bundled. The
 * only consistency check between letter and division is for section C (제조업, divisions 10–34), the one range that
 * REFDATA confirms; any other letter is accepted with any division.
 */
export const parseKsicCode = (input: string): Parsed<KsicCode, 'format'> => {
  const match = /^([A-Ua-u])?(\d{2,5})$/.exec(input.trim());
  if (!match) {
    return fail(
      'format',
      `"${input}" is not a KSIC code: expected an optional section letter A–U and 2 to 5 digits`,
    );
  }
  const [, letter, code] = match;
  const division = Number(code.slice(0, 2));
  if (division === 0) return fail('format', `"${input}" is not a KSIC code: there is no division 00`);
  const section = letter?.toUpperCase();
  if (section === 'C' && (division < 10 || division > 34)) {
    return fail(
      'format',
      `"${input}" is not a KSIC code: section C (제조업) has divisions 10–34, not ${code.slice(0, 2)}`,
    );
  }
  return { ok: true, value: { ...(section ? { section } : {}), code, level: KSIC_LEVELS[code.length] } };
};
