import { HOLIDAYS_2024 } from './2024';
import { HOLIDAYS_2025 } from './2025';
import { HOLIDAYS_2026 } from './2026';
import { HOLIDAYS_2027 } from './2027';
import type { HolidayYear } from './holiday';

export type { Holiday, HolidayKind, HolidayYear } from './holiday';
export { HOLIDAYS_2024, HOLIDAYS_2025, HOLIDAYS_2026, HOLIDAYS_2027 };

/** Korean public holidays per year, all `unverified`: see each year's source note. */
export const KOREAN_HOLIDAY_YEARS: readonly HolidayYear[] = [
  HOLIDAYS_2024,
  HOLIDAYS_2025,
  HOLIDAYS_2026,
  HOLIDAYS_2027,
];
