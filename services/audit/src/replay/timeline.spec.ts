import {
  caseClosedV1,
  caseOpenedV1,
  consentRevokedV1,
  firmClosedV1,
  firmProfileAmendedV1,
  firmRegisteredV1,
  firmRelocatedV1,
  growthStageAssessedV1,
  handoffAcceptedV1,
  handoffDeclinedV1,
  handoffEscalatedV1,
  handoffExpiredV1,
  handoffProposedV1,
  handoffWithdrawnV1,
  indicatorsReportedV1,
  outcomeRecordedV1,
  type IntegrationEventDefinition,
} from '@baton/contracts';
import { published, record } from '../testing/fixtures';
import { timeline } from './timeline';

const TP = caseOpenedV1.example.holderAgencyId;
const CCEI = handoffProposedV1.example.toAgencyId;
const example = (definition: IntegrationEventDefinition, attributes = {}) =>
  published(definition.type, definition.example, attributes);
const only = (definition: IntegrationEventDefinition, attributes = {}) =>
  timeline(record([example(definition, attributes)]))[0];

describe('timeline of a firm', () => {
  it('places each event at its business time, shows when it was recorded, and who did it for which agency', () => {
    const entries = record([
      { event: example(firmRegisteredV1), recordedAt: '2026-03-02T00:01:00Z' },
      {
        event: example(caseOpenedV1, {
          actor: 'u-kim',
          actorrole: 'agency-staff',
          actoragency: TP,
          correlationid: 'req-17',
        }),
        recordedAt: '2026-03-16T01:00:01Z',
      },
      // Back-dated: moved on 1 July 2026 (example: 41 → 44), recorded much later.
      { event: example(firmRelocatedV1), recordedAt: '2026-08-10T01:00:00Z' },
      { event: example(handoffProposedV1), recordedAt: '2026-08-11T00:00:00Z' },
    ]);
    const items = timeline(entries);
    expect(items.map((i) => [i.sequence, i.at])).toEqual([
      [1, '2026-03-02T09:00:00+09:00'],
      [2, '2026-03-16T10:00:00+09:00'],
      [4, '2026-05-04T14:00:00+09:00'],
      [3, '2026-07-01T00:00:00+09:00'],
    ]);
    expect(items[1]).toEqual({
      sequence: 2,
      eventId: entries[1].eventId,
      at: '2026-03-16T10:00:00+09:00',
      recordedAt: '2026-03-16T01:00:01Z',
      type: 'relay.case-opened.v1',
      actor: 'u-kim',
      actorRole: 'agency-staff',
      agency: TP,
      reason: null,
      correlationId: 'req-17',
      summary: `Case ${caseOpenedV1.example.caseId} opened by ${TP} in phase technology-development (기술 및 제품개발)`,
    });
    expect(items[3]).toMatchObject({ recordedAt: '2026-08-10T01:00:00Z', actor: null, agency: null });
  });

  it.each([
    [
      firmRegisteredV1,
      null,
      'Firm registered: 주식회사 한빛정밀, region 26 (부산광역시), industry busan-ultra-precision-materials-parts, stage preliminary (예비기업)',
    ],
    [firmProfileAmendedV1, null, 'Profile amended: name 주식회사 한빛정밀테크, size medium'],
    [firmRelocatedV1, null, 'Head office moved from 41 (경기도) to 44 (충청남도)'],
    [
      growthStageAssessedV1,
      null,
      'Growth stage assessed: leading (선도기업) from 2026-04-01T00:00:00+09:00 (innovation 82.5, growth 77, job creation 69)',
    ],
    [firmClosedV1, 'merged (합병)', 'Firm closed: merged (합병) into 7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d'],
    [
      handoffProposedV1,
      '시제품 완성: 사업화 단계의 판로 개척 지원 필요',
      `Hand-off proposed from ${TP} to ${CCEI} for phase commercialisation (사업화), due 2026-05-08T18:00:00+09:00`,
    ],
    [
      handoffAcceptedV1,
      null,
      `Hand-off accepted: ${CCEI} holds case ${caseOpenedV1.example.caseId} in phase commercialisation (사업화)`,
    ],
    [
      handoffDeclinedV1,
      'at-capacity (수용 여력 없음): 상반기 사업화 지원 정원 마감',
      `Hand-off declined by ${CCEI}; ${TP} keeps case ${caseOpenedV1.example.caseId}`,
    ],
    [handoffWithdrawnV1, 'proposer (제안기관 철회)', `Hand-off to ${CCEI} withdrawn`],
    [
      handoffEscalatedV1,
      null,
      `Hand-off to ${CCEI} overdue since 2026-05-08T18:00:00+09:00: escalated to ${handoffEscalatedV1.example.escalatedToAgencyId}`,
    ],
    [handoffExpiredV1, null, `Hand-off to ${CCEI} expired unanswered at 2026-05-15T18:00:00+09:00`],
    [consentRevokedV1, null, `Consent to share the hand-over package with ${CCEI} revoked`],
    [outcomeRecordedV1, null, `Outcome recorded by ${CCEI}: funding-secured (자금 확보): 300000000 KRW`],
    [
      caseClosedV1,
      'completed (지원 완료)',
      `Case ${caseOpenedV1.example.caseId} closed by ${CCEI}: completed (지원 완료)`,
    ],
  ] as [IntegrationEventDefinition, string | null, string][])(
    '%# describes the contract example with its reason and a summary in Korean terms',
    (definition, reason, summary) => {
      expect(only(definition)).toMatchObject({ type: definition.type, reason, summary });
    },
  );

  it('lists the indicators a report carries', () => {
    const item = only(indicatorsReportedV1);
    expect(item.summary).toMatch(/^Indicators for 2026-Q1: sales, employees, rdSpend, exports, debtRatio/);
    expect(item.summary).not.toMatch(/firmId|period|reportedAt/);
  });

  it('gives a decline without text its code only', () => {
    const declined = published(handoffDeclinedV1.type, {
      ...handoffDeclinedV1.example,
      reason: { code: 'out-of-region' },
    });
    expect(timeline(record([declined]))[0].reason).toBe('out-of-region (관할 지역 아님)');
  });

  it('keeps crisis-monitoring and unknown events, at their envelope time', () => {
    const items = timeline(
      record([
        published(
          'crisis-monitoring.warning-raised.v1',
          { warningId: 'w-1' },
          { time: '2026-07-01T09:00:00+09:00' },
        ),
        published(
          'support-programs.enrolment-approved.v1',
          { programId: 'p' },
          { time: '2026-06-01T09:00:00+09:00' },
        ),
      ]),
    );
    expect(items.map((i) => [i.type, i.at, i.summary])).toEqual([
      [
        'support-programs.enrolment-approved.v1',
        '2026-06-01T09:00:00+09:00',
        'Event not folded by the replay: support-programs.enrolment-approved.v1',
      ],
      [
        'crisis-monitoring.warning-raised.v1',
        '2026-07-01T09:00:00+09:00',
        'Crisis monitoring (위기 징후): warning-raised.v1',
      ],
    ]);
  });

  it('orders events at the same instant by sequence', () => {
    const same = { time: '2026-05-01T00:00:00+09:00' };
    const items = timeline(
      record([
        published('support-programs.b.v1', { n: 1 }, same),
        published('support-programs.a.v1', { n: 2 }, same),
        published('support-programs.c.v1', { n: 3 }, same),
      ]),
    );
    expect(items.map((i) => i.sequence)).toEqual([1, 2, 3]);
  });
});
