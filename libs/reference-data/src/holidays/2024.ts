import { COMPILED_FROM_RULES, type HolidayYear } from './holiday';

export const HOLIDAYS_2024: HolidayYear = {
  year: 2024,
  confidence: 'unverified',
  source: COMPILED_FROM_RULES,
  holidays: [
    { date: '2024-01-01', nameKo: '신정', nameEn: "New Year's Day", kind: 'fixed' },
    { date: '2024-02-09', nameKo: '설날 전날', nameEn: 'Day before Seollal', kind: 'lunar' },
    { date: '2024-02-10', nameKo: '설날', nameEn: 'Seollal (Lunar New Year)', kind: 'lunar' },
    { date: '2024-02-11', nameKo: '설날 다음날', nameEn: 'Day after Seollal', kind: 'lunar' },
    {
      date: '2024-02-12',
      nameKo: '대체공휴일(설날)',
      nameEn: 'Substitute holiday for Seollal',
      kind: 'substitute',
    },
    { date: '2024-03-01', nameKo: '삼일절', nameEn: 'Independence Movement Day', kind: 'fixed' },
    {
      date: '2024-04-10',
      nameKo: '제22대 국회의원 선거일',
      nameEn: '22nd National Assembly election day',
      kind: 'election',
    },
    { date: '2024-05-05', nameKo: '어린이날', nameEn: "Children's Day", kind: 'fixed' },
    {
      date: '2024-05-06',
      nameKo: '대체공휴일(어린이날)',
      nameEn: "Substitute holiday for Children's Day",
      kind: 'substitute',
    },
    { date: '2024-05-15', nameKo: '부처님오신날', nameEn: "Buddha's Birthday", kind: 'lunar' },
    { date: '2024-06-06', nameKo: '현충일', nameEn: 'Memorial Day', kind: 'fixed' },
    { date: '2024-08-15', nameKo: '광복절', nameEn: 'Liberation Day', kind: 'fixed' },
    { date: '2024-09-16', nameKo: '추석 전날', nameEn: 'Day before Chuseok', kind: 'lunar' },
    { date: '2024-09-17', nameKo: '추석', nameEn: 'Chuseok', kind: 'lunar' },
    { date: '2024-09-18', nameKo: '추석 다음날', nameEn: 'Day after Chuseok', kind: 'lunar' },
    {
      date: '2024-10-01',
      nameKo: '임시공휴일(국군의 날)',
      nameEn: 'Temporary holiday (Armed Forces Day)',
      kind: 'temporary',
    },
    { date: '2024-10-03', nameKo: '개천절', nameEn: 'National Foundation Day', kind: 'fixed' },
    { date: '2024-10-09', nameKo: '한글날', nameEn: 'Hangeul Day', kind: 'fixed' },
    { date: '2024-12-25', nameKo: '기독탄신일(성탄절)', nameEn: 'Christmas Day', kind: 'fixed' },
  ],
};
