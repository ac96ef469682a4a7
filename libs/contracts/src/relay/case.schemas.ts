import { firmId } from '../firm-registry/firm.schemas';
import { labelledEnum, uuid, type JsonSchema } from '../json-schema';

/*
 * Relay integration events (support cases and their hand-offs, 이어달리기) carry ids, codes, phases and
 * instants, and the few texts agencies write for other agencies (a case's goals, a hand-off's reason, a
 * decline's reason). They carry no personal data, and nothing of what the firm consented to share with one
 * agency only: the hand-over package (인계 자료: summary, documents) and the consent (정보제공 동의) stay in
 * the relay, where they can be withheld again when the firm revokes its consent. A topic cannot take back
 * what it has carried.
 *
 * Who did it (user, role, agency) travels in the CloudEvents headers (`ce_actor`, `ce_actorrole`,
 * `ce_actoragency`), not in the payloads.
 */

/** The life-cycle phases (전주기) a support case moves through, with their Korean names. */
export const CASE_PHASES = {
  'task-planning': '과제기획',
  'technology-development': '기술 및 제품개발',
  commercialisation: '사업화',
  'production-distribution': '생산·유통',
  marketing: '마케팅',
  'investment-ipo': '투자유치·상장',
} as const;
export type CasePhase = keyof typeof CASE_PHASES;

/** Why a target agency declines a hand-off (인계 거절 사유). `other` comes with a text. */
export const HANDOFF_DECLINE_REASONS = {
  'at-capacity': '수용 여력 없음',
  'not-eligible': '지원 대상 아님',
  'out-of-region': '관할 지역 아님',
  'out-of-scope': '지원 범위 아님',
  other: '기타',
} as const;
export type HandoffDeclineReason = keyof typeof HANDOFF_DECLINE_REASONS;

/** Why an open hand-off proposal was withdrawn (인계 제안 철회). */
export const HANDOFF_WITHDRAWAL_CAUSES = {
  proposer: '제안기관 철회',
  'regional-office': '지방중소벤처기업청 철회',
  'consent-revoked': '정보제공 동의 철회',
  'case-closed': '지원 사례 종료',
} as const;
export type HandoffWithdrawalCause = keyof typeof HANDOFF_WITHDRAWAL_CAUSES;

/** What came of the support (성과), as the holding agency records it. `other` is explained in the relay. */
export const CASE_OUTCOME_KINDS = {
  'prototype-completed': '시제품 완성',
  'funding-secured': '자금 확보',
  'sales-contract': '판매 계약',
  certification: '인증 획득',
  investment: '투자 유치',
  other: '기타',
} as const;
export type CaseOutcomeKind = keyof typeof CASE_OUTCOME_KINDS;

/** How a support case ends (지원 사례 종료). */
export const CASE_CLOSING_OUTCOMES = {
  completed: '지원 완료',
  'firm-closed': '기업 폐업',
  'withdrawn-by-firm': '기업 요청 종료',
  'transferred-out': '외부 이관',
  other: '기타',
} as const;
export type CaseClosingOutcome = keyof typeof CASE_CLOSING_OUTCOMES;

export const caseId = (): JsonSchema =>
  uuid('Support case id (지원 사례 ID), assigned when the case is opened; one case per firm journey');

export const proposalId = (): JsonSchema =>
  uuid('Hand-off proposal id (인계 제안 ID): one proposal from the holding agency to a target agency');

/** An agency of the agencies directory (지원기관), e.g. a technopark (테크노파크). */
export const agencyId = (description: string): JsonSchema =>
  uuid(`${description}: agency id (지원기관 ID) from the agencies directory`);

export const casePhase = (description: string): JsonSchema =>
  labelledEnum(CASE_PHASES, `${description}. Life-cycle phase (전주기 단계)`);

export const handoffDeclineReason = (description: string): JsonSchema =>
  labelledEnum(HANDOFF_DECLINE_REASONS, description);

export const handoffWithdrawalCause = (description: string): JsonSchema =>
  labelledEnum(HANDOFF_WITHDRAWAL_CAUSES, description);

export const caseOutcomeKind = (description: string): JsonSchema =>
  labelledEnum(CASE_OUTCOME_KINDS, description);

export const caseClosingOutcome = (description: string): JsonSchema =>
  labelledEnum(CASE_CLOSING_OUTCOMES, description);

/** The fields every hand-off event names: which proposal, from whom, to whom. */
export interface HandoffRef {
  caseId: string;
  firmId: string;
  proposalId: string;
  fromAgencyId: string;
  toAgencyId: string;
}

export const handoffRefProperties = () => ({
  caseId: caseId(),
  firmId: firmId(),
  proposalId: proposalId(),
  fromAgencyId: agencyId('The agency that proposed the hand-off and held the case then (인계기관)'),
  toAgencyId: agencyId('The agency the case is proposed to (인수기관)'),
});

export const HANDOFF_REF_REQUIRED = ['caseId', 'firmId', 'proposalId', 'fromAgencyId', 'toAgencyId'] as const;
