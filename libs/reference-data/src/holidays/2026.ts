import { COMPILED_FROM_RULES, type HolidayYear } from './holiday';

export const HOLIDAYS_2026: HolidayYear = {
  year: 2026,
  confidence: 'unverified',
  source: {
    refs: COMPILED_FROM_RULES.refs,
    note:
      `${COMPILED_FROM_RULES.note} 제헌절 (07-17) is left out: whether it is a public holiday again from 2026 ` +
      'is uncertain. Any 임시공휴일 declared later is missing.',
  },
  holidays: [
    { date: '2026-01-01', nameKo: '신정', nameEn: "New Year's Day", kind: 'fixed' },
    { date: '2026-02-16', nameKo: '설날 전날', nameEn: 'Day before Seollal', kind: 'lunar' },
    { date: '2026-02-17', nameKo: '설날', nameEn: 'Seollal (Lunar New Year)', kind: 'lunar' },
    { date: '2026-02-18', nameKo: '설날 다음날', nameEn: 'Day after Seollal', kind: 'lunar' },
    { date: '2026-03-01', nameKo: '삼일절', nameEn: 'Independence Movement Day', kind: 'fixed' },
    {
      date: '2026-03-02',
      nameKo: '대체공휴일(삼일절)',
      nameEn: 'Substitute holiday for Independence Movement Day',
      kind: 'substitute',
    },
    { date: '2026-05-05', nameKo: '어린이날', nameEn: "Children's Day", kind: 'fixed' },
    { date: '2026-05-24', nameKo: '부처님오신날', nameEn: "Buddha's Birthday", kind: 'lunar' },
    {
      date: '2026-05-25',
      nameKo: '대체공휴일(부처님오신날)',
      nameEn: "Substitute holiday for Buddha's Birthday",
      kind: 'substitute',
    },
    {
      date: '2026-06-03',
      nameKo: '제9회 전국동시지방선거일',
      nameEn: '9th nationwide local elections day',
      kind: 'election',
    },
    { date: '2026-06-06', nameKo: '현충일', nameEn: 'Memorial Day', kind: 'fixed' },
    { date: '2026-08-15', nameKo: '광복절', nameEn: 'Liberation Day', kind: 'fixed' },
    {
      date: '2026-08-17',
      nameKo: '대체공휴일(광복절)',
      nameEn: 'Substitute holiday for Liberation Day',
      kind: 'substitute',
    },
    { date: '2026-09-24', nameKo: '추석 전날', nameEn: 'Day before Chuseok', kind: 'lunar' },
    { date: '2026-09-25', nameKo: '추석', nameEn: 'Chuseok', kind: 'lunar' },
    { date: '2026-09-26', nameKo: '추석 다음날', nameEn: 'Day after Chuseok', kind: 'lunar' },
    { date: '2026-10-03', nameKo: '개천절', nameEn: 'National Foundation Day', kind: 'fixed' },
    {
      date: '2026-10-05',
      nameKo: '대체공휴일(개천절)',
      nameEn: 'Substitute holiday for National Foundation Day',
      kind: 'substitute',
    },
    { date: '2026-10-09', nameKo: '한글날', nameEn: 'Hangeul Day', kind: 'fixed' },
    { date: '2026-12-25', nameKo: '기독탄신일(성탄절)', nameEn: 'Christmas Day', kind: 'fixed' },
  ],
};
