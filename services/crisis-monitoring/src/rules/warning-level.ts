/**
 * Crisis levels of a firm (위기 단계), least to most severe: 주의 → 예비경보 → 경보 → 부실화. The scale is the one
 * the issue asks for (Korean practice per issue 6, not found in REFDATA: unverified). It is a firm-level scale;
 * the regional crisis levels of REFDATA §3d (양호 / 주의 / 심각, set by the 지역중소기업 지원협의회) are another one.
 */
export const WARNING_LEVELS = [
  { level: 'caution', nameKo: '주의' },
  { level: 'pre-alert', nameKo: '예비경보' },
  { level: 'alert', nameKo: '경보' },
  { level: 'insolvent', nameKo: '부실화' },
] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number]['level'];

const SEVERITY = new Map<string, number>(WARNING_LEVELS.map((l, i) => [l.level, i + 1]));

export const isWarningLevel = (value: unknown): value is WarningLevel =>
  typeof value === 'string' && SEVERITY.has(value);

/** 1 (caution) … 4 (insolvent); 0 for no level. */
export const severityOf = (level: WarningLevel | null): number => (level === null ? 0 : SEVERITY.get(level)!);

/** The more severe of two levels (null = no level). */
export const higherLevel = (a: WarningLevel | null, b: WarningLevel | null): WarningLevel | null =>
  severityOf(a) >= severityOf(b) ? a : b;

export const levelNameKo = (level: WarningLevel): string =>
  WARNING_LEVELS.find((l) => l.level === level)!.nameKo;
