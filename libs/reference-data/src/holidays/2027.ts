import { COMPILED_FROM_RULES, type HolidayYear } from './holiday';

export const HOLIDAYS_2027: HolidayYear = {
  year: 2027,
  confidence: 'unverified',
  source: {
    refs: COMPILED_FROM_RULES.refs,
    note:
      `${COMPILED_FROM_RULES.note} 제헌절 (07-17) is left out: whether it is a public holiday again from 2026 ` +
      'is uncertain. No election is scheduled in 2027; any 임시공휴일 declared later is missing.',
  },
  holidays: [
    { date: '2027-01-01', nameKo: '신정', nameEn: "New Year's Day", kind: 'fixed' },
    { date: '2027-02-06', nameKo: '설날 전날', nameEn: 'Day before Seollal', kind: 'lunar' },
    { date: '2027-02-07', nameKo: '설날', nameEn: 'Seollal (Lunar New Year)', kind: 'lunar' },
    { date: '2027-02-08', nameKo: '설날 다음날', nameEn: 'Day after Seollal', kind: 'lunar' },
    {
      date: '2027-02-09',
      nameKo: '대체공휴일(설날)',
      nameEn: 'Substitute holiday for Seollal',
      kind: 'substitute',
    },
    { date: '2027-03-01', nameKo: '삼일절', nameEn: 'Independence Movement Day', kind: 'fixed' },
    { date: '2027-05-05', nameKo: '어린이날', nameEn: "Children's Day", kind: 'fixed' },
    { date: '2027-05-13', nameKo: '부처님오신날', nameEn: "Buddha's Birthday", kind: 'lunar' },
    { date: '2027-06-06', nameKo: '현충일', nameEn: 'Memorial Day', kind: 'fixed' },
    { date: '2027-08-15', nameKo: '광복절', nameEn: 'Liberation Day', kind: 'fixed' },
    {
      date: '2027-08-16',
      nameKo: '대체공휴일(광복절)',
      nameEn: 'Substitute holiday for Liberation Day',
      kind: 'substitute',
    },
    { date: '2027-09-14', nameKo: '추석 전날', nameEn: 'Day before Chuseok', kind: 'lunar' },
    { date: '2027-09-15', nameKo: '추석', nameEn: 'Chuseok', kind: 'lunar' },
    { date: '2027-09-16', nameKo: '추석 다음날', nameEn: 'Day after Chuseok', kind: 'lunar' },
    { date: '2027-10-03', nameKo: '개천절', nameEn: 'National Foundation Day', kind: 'fixed' },
    {
      date: '2027-10-04',
      nameKo: '대체공휴일(개천절)',
      nameEn: 'Substitute holiday for National Foundation Day',
      kind: 'substitute',
    },
    { date: '2027-10-09', nameKo: '한글날', nameEn: 'Hangeul Day', kind: 'fixed' },
    {
      date: '2027-10-11',
      nameKo: '대체공휴일(한글날)',
      nameEn: 'Substitute holiday for Hangeul Day',
      kind: 'substitute',
    },
    { date: '2027-12-25', nameKo: '기독탄신일(성탄절)', nameEn: 'Christmas Day', kind: 'fixed' },
    {
      date: '2027-12-27',
      nameKo: '대체공휴일(기독탄신일)',
      nameEn: 'Substitute holiday for Christmas Day',
      kind: 'substitute',
    },
  ],
};
