/**
 * The firm's life-cycle phases (전주기) a support case moves through and agencies support:
 * 과제기획 → 기술 및 제품개발 → 사업화 → 생산·유통 (full-life-cycle collaboration), or → 마케팅 → 투자유치·상장
 * (Daegu Technopark's one-roof route). Terms from BRIEF.md.
 */
export const PHASES = [
  { phase: 'task-planning', nameKo: '과제기획', nameEn: 'Task planning' },
  {
    phase: 'technology-development',
    nameKo: '기술 및 제품개발',
    nameEn: 'Technology and product development',
  },
  { phase: 'commercialisation', nameKo: '사업화', nameEn: 'Commercialisation' },
  { phase: 'production-distribution', nameKo: '생산·유통', nameEn: 'Production and distribution' },
  { phase: 'marketing', nameKo: '마케팅', nameEn: 'Marketing' },
  { phase: 'investment-ipo', nameKo: '투자유치·상장', nameEn: 'Investment and listing (IPO)' },
] as const;
export type Phase = (typeof PHASES)[number]['phase'];
export const PHASE_IDS: readonly Phase[] = PHASES.map((p) => p.phase);
export const isPhase = (value: unknown): value is Phase => PHASES.some((p) => p.phase === value);
