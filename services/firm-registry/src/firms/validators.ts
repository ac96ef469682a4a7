import { parseBusinessRegistrationNumber, parseKsicCode, resolveRegionCode } from '@baton/reference-data';
import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationOptions } from 'class-validator';

const rule =
  (name: string, message: string, test: (value: unknown) => boolean) =>
  (options?: ValidationOptions) =>
  (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: test },
    });

/** Which 사업자등록번호 rule a value breaks, if any. */
const brnBreaks = (v: unknown): 'format' | 'checksum' | undefined => {
  if (typeof v !== 'string') return 'format';
  const parsed = parseBusinessRegistrationNumber(v);
  return parsed.ok ? undefined : parsed.rule;
};

/** 사업자등록번호: 10 digits, hyphens allowed as 123-45-67890. */
export const IsBrnFormat = rule(
  'brnFormat',
  '$property must be 10 digits (hyphens allowed as 123-45-67890)',
  (v) => brnBreaks(v) !== 'format',
);
/** The check digit of a well-formed 사업자등록번호 (a wrong format is reported by IsBrnFormat alone). */
export const HasBrnChecksum = rule(
  'brnChecksum',
  '$property fails the check-digit test: a digit is wrong',
  (v) => brnBreaks(v) !== 'checksum',
);
export const IsKsicCode = rule(
  'ksicFormat',
  '$property must be a KSIC code: an optional section letter A–U and 2–5 digits, e.g. C26110',
  (v) => typeof v === 'string' && parseKsicCode(v).ok,
);
export const IsRegion = rule(
  'knownRegion',
  '$property must be a 시·도 code (e.g. 26 for 부산; legacy 42 and 45 are accepted)',
  (v) => typeof v === 'string' && resolveRegionCode(v) !== undefined,
);

/** Normalises a region (legacy code, Korean name) to its current code before validation. */
export const ToRegionCode = () =>
  Transform(({ value }) => (Array.isArray(value) ? value.map(toRegionCode) : toRegionCode(value)));
const toRegionCode = (value: unknown) =>
  typeof value === 'string' ? (resolveRegionCode(value) ?? value) : value;

/** Normalises a 사업자등록번호 to its 10 digits after validation passed. */
export const normalizeBrn = (v: string): string => {
  const parsed = parseBusinessRegistrationNumber(v);
  return parsed.ok ? parsed.value : v;
};

/** YYYY-MM-DD that is a real calendar date. */
export const IsCalendarDate = rule('calendarDate', '$property must be a date YYYY-MM-DD', (v) => {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
});
