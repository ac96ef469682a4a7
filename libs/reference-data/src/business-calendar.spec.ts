import {
  BusinessCalendar,
  CalendarYearNotCoveredError,
  InvalidCalendarInputError,
  KOREAN_BUSINESS_CALENDAR as calendar,
  kstDateOf,
} from './business-calendar';
import { KOREAN_HOLIDAY_YEARS, type Holiday, type HolidayYear } from './holidays';

const DAY_MS = 86_400_000;
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const plusDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const isWeekend = (date: string) => [0, 6].includes(weekday(date));
const datesOf = (holidays: readonly Holiday[]) => [...new Set(holidays.map((h) => h.date))];

describe('Korean holiday data', () => {
  it('covers 2024 to 2027, every year marked unverified with a note to check it against KASI', () => {
    expect(calendar.coveredYears).toEqual([2024, 2025, 2026, 2027]);
    for (const year of KOREAN_HOLIDAY_YEARS) {
      expect(year.confidence).toBe('unverified');
      expect(year.source.refs).toEqual(['관공서의 공휴일에 관한 규정']);
      expect(year.source.note).toMatch(/NOT checked against an official table/);
      expect(year.source.note).toMatch(/KASI 특일정보 API/);
      expect(year.holidays.map((h) => h.date)).toEqual(year.holidays.map((h) => h.date).sort());
    }
  });

  it('has the fixed holidays every year, and no substitute for 신정 or 현충일', () => {
    for (const { year, holidays } of KOREAN_HOLIDAY_YEARS) {
      const fixed = holidays.filter((h) => h.kind === 'fixed').map((h) => h.date.slice(5));
      expect(fixed).toEqual(['01-01', '03-01', '05-05', '06-06', '08-15', '10-03', '10-09', '12-25']);
      expect(holidays.some((h) => /신정|현충일/.test(h.nameKo) && h.kind === 'substitute')).toBe(false);
      expect(year).toBeGreaterThan(2023);
    }
    expect(calendar.isBusinessDay('2027-06-07')).toBe(true); // 현충일 2027-06-06 is a Sunday
  });

  it('leaves 제헌절 out, and says so', () => {
    expect(calendar.holidayOn('2026-07-17')).toBeUndefined();
    expect(calendar.isBusinessDay('2026-07-17')).toBe(true);
    expect(KOREAN_HOLIDAY_YEARS.find((y) => y.year === 2026)!.source.note).toMatch(
      /제헌절 \(07-17\) is left out/,
    );
  });

  it.each([
    ['2024-02-09', '설날 전날'],
    ['2024-02-12', '대체공휴일(설날)'],
    ['2024-04-10', '제22대 국회의원 선거일'],
    ['2024-05-06', '대체공휴일(어린이날)'],
    ['2024-10-01', '임시공휴일(국군의 날)'],
    ['2025-01-27', '임시공휴일(설 연휴)'],
    ['2025-03-03', '대체공휴일(삼일절)'],
    ['2025-05-06', '대체공휴일(어린이날·부처님오신날)'],
    ['2025-06-03', '제21대 대통령 선거일'],
    ['2025-10-05', '추석 전날'],
    ['2025-10-06', '추석'],
    ['2025-10-07', '추석 다음날'],
    ['2025-10-08', '대체공휴일(추석)'],
    ['2026-02-16', '설날 전날'],
    ['2026-02-17', '설날'],
    ['2026-02-18', '설날 다음날'],
    ['2026-05-25', '대체공휴일(부처님오신날)'],
    ['2026-06-03', '제9회 전국동시지방선거일'],
    ['2026-08-17', '대체공휴일(광복절)'],
    ['2026-10-05', '대체공휴일(개천절)'],
    ['2027-02-09', '대체공휴일(설날)'],
    ['2027-12-27', '대체공휴일(기독탄신일)'],
  ])('%s is %s', (date, nameKo) => {
    expect(calendar.holidayOn(date)?.nameKo).toBe(nameKo);
    expect(calendar.isBusinessDay(date)).toBe(false);
  });

  it('lists both holidays of a shared day', () => {
    expect(calendar.holidaysOn('2025-05-05').map((h) => [h.nameKo, h.kind])).toEqual([
      ['어린이날', 'fixed'],
      ['부처님오신날', 'lunar'],
    ]);
  });

  it('has election days and temporary holidays with their kind', () => {
    const ofKind = (kind: Holiday['kind']) =>
      KOREAN_HOLIDAY_YEARS.flatMap((y) => y.holidays.filter((h) => h.kind === kind).map((h) => h.date));
    expect(ofKind('election')).toEqual(['2024-04-10', '2025-06-03', '2026-06-03']);
    expect(ofKind('temporary')).toEqual(['2024-10-01', '2025-01-27']);
  });

  // Re-derives every 대체공휴일 from the other holidays, with the rules of 관공서의 공휴일에 관한 규정 제3조:
  // 설날/추석 when one of their days is a Sunday or another holiday; 삼일절, 어린이날, 부처님오신날, 광복절, 개천절,
  // 한글날, 기독탄신일 when on a Saturday, a Sunday or another holiday; one substitute per triggering day, placed
  // on the first following day that is neither a weekend nor a holiday.
  it.each(KOREAN_HOLIDAY_YEARS.map((y) => [y.year, y] as const))(
    '%i substitute holidays follow the regulation',
    (_, { holidays }) => {
      const base = holidays.filter((h) => h.kind !== 'substitute');
      const taken = new Set(base.map((h) => h.date));
      const others = (h: Holiday, group: readonly Holiday[]) =>
        base.some((o) => o.date === h.date && !group.includes(o));
      const triggers: string[] = []; // the last day of each triggering holiday (group)
      for (const festival of ['설날', '추석']) {
        const group = base.filter((h) => h.kind === 'lunar' && h.nameKo.startsWith(festival));
        expect(group).toHaveLength(3);
        if (group.some((h) => weekday(h.date) === 0 || others(h, group))) triggers.push(group[2].date);
      }
      const eligible = /^(삼일절|어린이날|부처님오신날|광복절|개천절|한글날|기독탄신일)/;
      for (const h of base.filter((b) => eligible.test(b.nameKo))) {
        if (isWeekend(h.date) || others(h, [h])) triggers.push(h.date);
      }
      const expected: string[] = [];
      for (const trigger of [...new Set(triggers)].sort()) {
        let day = plusDays(trigger, 1);
        while (isWeekend(day) || taken.has(day)) day = plusDays(day, 1);
        taken.add(day);
        expected.push(day);
      }
      expect(holidays.filter((h) => h.kind === 'substitute').map((h) => h.date)).toEqual(expected.sort());
    },
  );

  // The Korean lunisolar calendar of ICU ('dangi') is a second, independent source for the lunar dates; it is
  // not the KASI table either.
  const dangi = new Intl.DateTimeFormat('en-u-ca-dangi', {
    timeZone: 'UTC',
    month: 'numeric',
    day: 'numeric',
  });
  const itWithDangi = dangi.resolvedOptions().calendar === 'dangi' ? it : it.skip;
  itWithDangi(
    'lunar holidays fall on 설날 (12/30–1/2), 부처님오신날 (4/8) and 추석 (8/14–16) of the dangi calendar',
    () => {
      const lunarDay = (date: string) => {
        const parts = dangi.formatToParts(new Date(`${date}T00:00:00Z`));
        return `${parts.find((p) => p.type === 'month')!.value}/${parts.find((p) => p.type === 'day')!.value}`;
      };
      for (const { year, holidays } of KOREAN_HOLIDAY_YEARS) {
        const expected: string[] = [];
        for (let day = `${year}-01-01`; day.startsWith(`${year}`); day = plusDays(day, 1)) {
          const lunar = lunarDay(day);
          if (lunar === '1/1') expected.push(plusDays(day, -1));
          if (['1/1', '1/2', '4/8', '8/14', '8/15', '8/16'].includes(lunar)) expected.push(day);
        }
        expect(datesOf(holidays.filter((h) => h.kind === 'lunar'))).toEqual(expected.sort());
      }
    },
  );
});

describe('BusinessCalendar', () => {
  it('weekends are never business days, ordinary weekdays are', () => {
    expect(calendar.isBusinessDay('2025-11-14')).toBe(true); // Friday
    expect(calendar.isBusinessDay('2025-11-15')).toBe(false); // Saturday
    expect(calendar.isBusinessDay('2025-11-16')).toBe(false); // Sunday
    expect(calendar.holidayOn('2025-11-15')).toBeUndefined();
  });

  describe('addBusinessDays', () => {
    it('counts from the next day: Friday + 1 is Monday', () => {
      expect(calendar.addBusinessDays('2025-11-14', 1)).toBe('2025-11-17');
      expect(calendar.addBusinessDays('2025-11-14', 5)).toBe('2025-11-21');
    });

    it('Friday + 1 skips a Monday holiday', () => {
      expect(calendar.addBusinessDays('2026-02-27', 1)).toBe('2026-03-03'); // 2026-03-02 대체공휴일(삼일절)
    });

    it('a weekend day + 1 is the next business day', () => {
      expect(calendar.addBusinessDays('2025-11-15', 1)).toBe('2025-11-17');
    });

    it('skips the whole 설날 break', () => {
      expect(calendar.addBusinessDays('2026-02-13', 1)).toBe('2026-02-19');
      expect(calendar.addBusinessDays('2025-01-24', 1)).toBe('2025-01-31'); // 01-27 임시공휴일 + 설날 01-28..30
    });

    it('skips 추석 and its substitute holiday together with 개천절 and 한글날', () => {
      expect(calendar.addBusinessDays('2025-10-02', 1)).toBe('2025-10-10');
    });

    it('0 business days is the start date itself', () => {
      expect(calendar.addBusinessDays('2025-10-06', 0)).toBe('2025-10-06');
    });

    it('crosses into the next covered year', () => {
      expect(calendar.addBusinessDays('2025-12-31', 1)).toBe('2026-01-02');
    });

    it('rejects a negative or fractional count', () => {
      expect(() => calendar.addBusinessDays('2025-11-14', -1)).toThrow(InvalidCalendarInputError);
      expect(() => calendar.addBusinessDays('2025-11-14', 1.5)).toThrow(InvalidCalendarInputError);
    });
  });

  describe('businessDaysBetween', () => {
    it('counts business days after a, up to and including b', () => {
      expect(calendar.businessDaysBetween('2025-11-14', '2025-11-17')).toBe(1);
      expect(calendar.businessDaysBetween('2025-11-14', '2025-11-14')).toBe(0);
      expect(calendar.businessDaysBetween('2026-02-13', '2026-02-19')).toBe(1);
      expect(calendar.businessDaysBetween('2026-02-19', '2026-02-13')).toBe(-1);
    });

    it('is the inverse of addBusinessDays', () => {
      for (const start of ['2024-02-08', '2025-09-30', '2026-12-24', '2027-02-05']) {
        for (const n of [0, 1, 2, 7, 30]) {
          expect(calendar.businessDaysBetween(start, calendar.addBusinessDays(start, n))).toBe(n);
        }
      }
    });

    it('gives each covered year its weekdays minus the holidays on weekdays', () => {
      // Counted by hand: 2024 262 − 16, 2025 261 − 17, 2026 261 − 14, 2027 261 − 13 (1 January is a holiday).
      const perYear = calendar.coveredYears.map((y) => [
        y,
        calendar.businessDaysBetween(`${y}-01-01`, `${y}-12-31`),
      ]);
      expect(perYear).toEqual([
        [2024, 246],
        [2025, 244],
        [2026, 247],
        [2027, 248],
      ]);
    });
  });

  describe('a year without data', () => {
    it('throws CalendarYearNotCoveredError naming the year, even for a weekend', () => {
      expect(() => calendar.isBusinessDay('2023-12-29')).toThrow(CalendarYearNotCoveredError);
      expect(() => calendar.isBusinessDay('2028-01-01')).toThrow(/no holiday data for 2028/);
      expect(() => calendar.holidayOn('2030-01-05')).toThrow(CalendarYearNotCoveredError);
    });

    it('throws when counting runs past the last covered year instead of guessing', () => {
      expect(calendar.addBusinessDays('2027-12-30', 1)).toBe('2027-12-31');
      let error: unknown;
      try {
        calendar.addBusinessDays('2027-12-30', 2);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CalendarYearNotCoveredError);
      expect(error).toMatchObject({ year: 2028, coveredYears: [2024, 2025, 2026, 2027] });
    });
  });

  describe('built from custom data', () => {
    const year2030: HolidayYear = {
      year: 2030,
      confidence: 'unverified',
      source: { refs: ['test'] },
      holidays: [{ date: '2030-01-07', nameKo: '시험휴일', nameEn: 'Test holiday', kind: 'temporary' }],
    };
    const custom = new BusinessCalendar([year2030]);

    it('uses that data only', () => {
      expect(custom.coveredYears).toEqual([2030]);
      expect(custom.addBusinessDays('2030-01-04', 1)).toBe('2030-01-08'); // Friday → (Mon holiday) → Tuesday
      expect(() => custom.isBusinessDay('2025-11-14')).toThrow(CalendarYearNotCoveredError);
    });

    it('rejects a holiday outside its year, a malformed date and a repeated year', () => {
      const misplaced = { ...year2030, holidays: [{ ...year2030.holidays[0], date: '2031-01-07' }] };
      expect(() => new BusinessCalendar([misplaced])).toThrow(/listed under 2030/);
      const malformed = { ...year2030, holidays: [{ ...year2030.holidays[0], date: '2030-02-30' }] };
      expect(() => new BusinessCalendar([malformed])).toThrow(InvalidCalendarInputError);
      expect(() => new BusinessCalendar([year2030, year2030])).toThrow(/given twice/);
    });
  });

  it('rejects input that is not a calendar date', () => {
    for (const bad of ['2025-02-29', '2025/01/02', '2025-1-2', '20250102', '2025-01-02T00:00:00Z']) {
      expect(() => calendar.isBusinessDay(bad)).toThrow(InvalidCalendarInputError);
    }
  });

  describe('dueAt', () => {
    it('is 18:00 KST of the due business day', () => {
      expect(calendar.dueAt('2025-11-14T02:00:00Z', 1)).toBe('2025-11-17T18:00:00+09:00');
      expect(calendar.dueAt('2025-11-14T11:00:00+09:00', 1, 'Asia/Seoul')).toBe('2025-11-17T18:00:00+09:00');
    });

    it('counts from the KST date, which is a day ahead of UTC from 15:00Z', () => {
      // Thursday 23:59:59 in Seoul → Friday; one second later it is Friday in Seoul → Monday.
      expect(calendar.dueAt('2025-01-02T14:59:59Z', 1)).toBe('2025-01-03T18:00:00+09:00');
      expect(calendar.dueAt('2025-01-02T15:00:00Z', 1)).toBe('2025-01-06T18:00:00+09:00');
      expect(calendar.dueAt('2025-01-02T16:00:00-08:00', 1)).toBe('2025-01-06T18:00:00+09:00');
    });

    it('skips holidays like addBusinessDays', () => {
      expect(calendar.dueAt('2026-02-13T05:00:00Z', 1)).toBe('2026-02-19T18:00:00+09:00');
    });

    it('needs an instant with an offset, and a covered year', () => {
      expect(() => calendar.dueAt('2025-01-02T15:00:00', 1)).toThrow(InvalidCalendarInputError);
      expect(() => calendar.dueAt('2025-01-02', 1)).toThrow(InvalidCalendarInputError);
      expect(() => calendar.dueAt('2027-12-31T15:00:00Z', 0)).toThrow(/2028/);
      expect(() => calendar.dueAt('2025-01-02T15:00:00Z', 1, 'UTC' as 'Asia/Seoul')).toThrow(/Asia\/Seoul/);
    });
  });

  it('kstDateOf gives the calendar date in Seoul', () => {
    expect(kstDateOf('2025-12-31T14:59:59.999Z')).toBe('2025-12-31');
    expect(kstDateOf('2025-12-31T15:00:00Z')).toBe('2026-01-01');
    expect(kstDateOf('2026-01-01T08:30:00+09:00')).toBe('2026-01-01');
  });
});
