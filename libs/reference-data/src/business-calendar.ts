import { KOREAN_HOLIDAY_YEARS, type Holiday, type HolidayYear } from './holidays';

const DAY_MS = 86_400_000;
const KST_OFFSET_MS = 9 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class InvalidCalendarInputError extends Error {
  override readonly name = 'InvalidCalendarInputError';
  constructor(message: string) {
    super(message);
  }
}

/** A date falls in a year for which the calendar has no holiday data; it is never guessed to be a plain year. */
export class CalendarYearNotCoveredError extends Error {
  override readonly name = 'CalendarYearNotCoveredError';
  constructor(
    readonly year: number,
    readonly coveredYears: readonly number[],
  ) {
    super(
      `The business calendar has no holiday data for ${year} (covered: ${coveredYears.join(', ') || 'none'}). ` +
        `Add the year's public holidays before computing business days in it.`,
    );
  }
}

/** Days since 1970-01-01 of a YYYY-MM-DD calendar date. */
const dayNumberOf = (date: string): number => {
  const match = ISO_DATE.exec(date);
  if (match) {
    const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
    if (dateOf(day) === date) return day;
  }
  throw new InvalidCalendarInputError(`"${date}" is not a calendar date (YYYY-MM-DD)`);
};

const dateOf = (dayNumber: number): string => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);

const isWeekend = (dayNumber: number): boolean => {
  const weekday = new Date(dayNumber * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/**
 * The Korean calendar date (YYYY-MM-DD) of an instant. KST is UTC+9 all year round (no daylight saving), so
 * this needs no time-zone database. The instant must carry its offset (`Z` or `±hh:mm`).
 */
export const kstDateOf = (instantIso: string): string => {
  const ms = ISO_INSTANT.test(instantIso) ? Date.parse(instantIso) : NaN;
  if (Number.isNaN(ms)) {
    throw new InvalidCalendarInputError(
      `"${instantIso}" is not an ISO 8601 instant with an offset (Z or ±hh:mm)`,
    );
  }
  return dateOf(Math.floor((ms + KST_OFFSET_MS) / DAY_MS));
};

/**
 * Korean business days (영업일): every day except Saturdays, Sundays and the public holidays of
 * 관공서의 공휴일에 관한 규정, for the years it has data for. A date in any other year throws
 * CalendarYearNotCoveredError.
 */
export class BusinessCalendar {
  private readonly years: ReadonlyMap<number, HolidayYear>;
  private readonly holidaysByDate: ReadonlyMap<string, readonly Holiday[]>;

  constructor(years: readonly HolidayYear[]) {
    const byYear = new Map<number, HolidayYear>();
    const byDate = new Map<string, Holiday[]>();
    for (const data of years) {
      if (byYear.has(data.year))
        throw new InvalidCalendarInputError(`Holiday data for ${data.year} given twice`);
      byYear.set(data.year, data);
      for (const holiday of data.holidays) {
        dayNumberOf(holiday.date);
        if (!holiday.date.startsWith(`${data.year}-`)) {
          throw new InvalidCalendarInputError(`Holiday ${holiday.date} listed under ${data.year}`);
        }
        byDate.set(holiday.date, [...(byDate.get(holiday.date) ?? []), holiday]);
      }
    }
    this.years = byYear;
    this.holidaysByDate = byDate;
  }

  /** The years with holiday data, ascending. */
  get coveredYears(): readonly number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  /** All public holidays on a date (two can share one: 2025-05-05 was 어린이날 and 부처님오신날). */
  holidaysOn(date: string): readonly Holiday[] {
    this.checkCovered(date);
    return this.holidaysByDate.get(date) ?? [];
  }

  /** The (first listed) public holiday on a date, if any. Weekends are not holidays here. */
  holidayOn(date: string): Holiday | undefined {
    return this.holidaysOn(date)[0];
  }

  isBusinessDay(date: string): boolean {
    const day = this.checkCovered(date);
    return !isWeekend(day) && !this.holidaysByDate.has(date);
  }

  /**
   * The n-th business day after `start`: counting starts the next day, so a proposal made on a Friday with n = 1
   * is due on Monday (or later, if Monday is a holiday). n = 0 returns `start` itself.
   */
  addBusinessDays(start: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) {
      throw new InvalidCalendarInputError(`The number of business days must be an integer ≥ 0, got ${n}`);
    }
    let day = this.checkCovered(start);
    for (let counted = 0; counted < n;) {
      day += 1;
      if (this.isBusinessDay(dateOf(day))) counted += 1;
    }
    return dateOf(day);
  }

  /**
   * The number of business days d with a < d ≤ b, so that businessDaysBetween(a, addBusinessDays(a, n)) === n;
   * negative when b is before a.
   */
  businessDaysBetween(a: string, b: string): number {
    const from = this.checkCovered(a);
    const to = this.checkCovered(b);
    if (to < from) return -this.businessDaysBetween(b, a);
    let count = 0;
    for (let day = from + 1; day <= to; day += 1) if (this.isBusinessDay(dateOf(day))) count += 1;
    return count;
  }

  /**
   * The deadline `businessDays` business days after an instant: 18:00 KST of the due day, as an ISO instant
   * with offset +09:00. The instant is first placed on its Korean calendar date, so 2025-01-02T16:00Z (already
   * Friday 01:00 in Seoul) counts from Friday.
   */
  dueAt(instantIso: string, businessDays: number, timeZone: 'Asia/Seoul' = 'Asia/Seoul'): string {
    if (timeZone !== 'Asia/Seoul') {
      throw new InvalidCalendarInputError(
        `Only the Asia/Seoul time zone is supported, got ${String(timeZone)}`,
      );
    }
    return `${this.addBusinessDays(kstDateOf(instantIso), businessDays)}T18:00:00+09:00`;
  }

  private checkCovered(date: string): number {
    const day = dayNumberOf(date);
    const year = Number(date.slice(0, 4));
    if (!this.years.has(year)) throw new CalendarYearNotCoveredError(year, this.coveredYears);
    return day;
  }
}

/** Korea's business calendar for 2024–2027. Its holiday data is unverified: see KOREAN_HOLIDAY_YEARS. */
export const KOREAN_BUSINESS_CALENDAR = new BusinessCalendar(KOREAN_HOLIDAY_YEARS);
