import { COMPILED_FROM_RULES, type HolidayYear } from './holiday';

export const HOLIDAYS_2025: HolidayYear = {
  year: 2025,
  confidence: 'unverified',
  source: COMPILED_FROM_RULES,
  holidays: [
    { date: '2025-01-01', nameKo: '신정', nameEn: "New Year's Day", kind: 'fixed' },
    {
      date: '2025-01-27',
      nameKo: '임시공휴일(설 연휴)',
      nameEn: 'Temporary holiday (Seollal break)',
      kind: 'temporary',
    },
    { date: '2025-01-28', nameKo: '설날 전날', nameEn: 'Day before Seollal', kind: 'lunar' },
    { date: '2025-01-29', nameKo: '설날', nameEn: 'Seollal (Lunar New Year)', kind: 'lunar' },
    { date: '2025-01-30', nameKo: '설날 다음날', nameEn: 'Day after Seollal', kind: 'lunar' },
    { date: '2025-03-01', nameKo: '삼일절', nameEn: 'Independence Movement Day', kind: 'fixed' },
    {
      date: '2025-03-03',
      nameKo: '대체공휴일(삼일절)',
      nameEn: 'Substitute holiday for Independence Movement Day',
      kind: 'substitute',
    },
    { date: '2025-05-05', nameKo: '어린이날', nameEn: "Children's Day", kind: 'fixed' },
    { date: '2025-05-05', nameKo: '부처님오신날', nameEn: "Buddha's Birthday", kind: 'lunar' },
    {
      date: '2025-05-06',
      nameKo: '대체공휴일(어린이날·부처님오신날)',
      nameEn: "Substitute holiday for Children's Day and Buddha's Birthday",
      kind: 'substitute',
    },
    {
      date: '2025-06-03',
      nameKo: '제21대 대통령 선거일',
      nameEn: '21st presidential election day',
      kind: 'election',
    },
    { date: '2025-06-06', nameKo: '현충일', nameEn: 'Memorial Day', kind: 'fixed' },
    { date: '2025-08-15', nameKo: '광복절', nameEn: 'Liberation Day', kind: 'fixed' },
    { date: '2025-10-03', nameKo: '개천절', nameEn: 'National Foundation Day', kind: 'fixed' },
    { date: '2025-10-05', nameKo: '추석 전날', nameEn: 'Day before Chuseok', kind: 'lunar' },
    { date: '2025-10-06', nameKo: '추석', nameEn: 'Chuseok', kind: 'lunar' },
    { date: '2025-10-07', nameKo: '추석 다음날', nameEn: 'Day after Chuseok', kind: 'lunar' },
    {
      date: '2025-10-08',
      nameKo: '대체공휴일(추석)',
      nameEn: 'Substitute holiday for Chuseok',
      kind: 'substitute',
    },
    { date: '2025-10-09', nameKo: '한글날', nameEn: 'Hangeul Day', kind: 'fixed' },
    { date: '2025-12-25', nameKo: '기독탄신일(성탄절)', nameEn: 'Christmas Day', kind: 'fixed' },
  ],
};
