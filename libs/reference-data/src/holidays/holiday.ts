import type { Confidence, SourceRef } from '../source';

/**
 * Why a day is a public holiday (관공서의 공휴일에 관한 규정): a fixed solar date, a lunar date (설날, 추석,
 * 부처님오신날), a substitute holiday (대체공휴일), an election day (공직선거법 선거일) or a one-off 임시공휴일.
 */
export type HolidayKind = 'fixed' | 'lunar' | 'substitute' | 'election' | 'temporary';

export interface Holiday {
  /** YYYY-MM-DD, Korean calendar date. */
  readonly date: string;
  readonly nameKo: string;
  readonly nameEn: string;
  readonly kind: HolidayKind;
}

/** One year of public holidays. Weekends are not listed: Saturdays and Sundays are never business days. */
export interface HolidayYear {
  readonly year: number;
  readonly holidays: readonly Holiday[];
  readonly confidence: Confidence;
  readonly source: SourceRef;
}

export const COMPILED_FROM_RULES: SourceRef = {
  refs: ['관공서의 공휴일에 관한 규정'],
  note:
    'Compiled from the regulation’s rules (lunar dates, substitute-holiday rules) and the announced election ' +
    'and temporary holidays; NOT checked against an official table. Check it against the KASI 특일정보 API ' +
    '(한국천문연구원, data.go.kr getRestDeInfo) before relying on it. 근로자의 날 (05-01) is not a holiday ' +
    'under this regulation and is not listed.',
};
