/*
 * The ids the relay contracts' examples share, so the examples tell one story: 주식회사 한빛정밀 (the firm of
 * the firm registry's examples) is supported by a technopark, which hands it on to a creative economy
 * innovation center for commercialisation.
 */
export const EXAMPLE = {
  firmId: '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c',
  caseId: 'c4a1e2b3-6d5f-4a7e-8b9c-0d1e2f3a4b5c',
  proposalId: 'e7f8a9b0-1c2d-4e3f-9a4b-5c6d7e8f9a0b',
  /** 부산테크노파크: opened the case and held it first. */
  technoparkId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  /** 부산창조경제혁신센터: the target of the hand-off. */
  innovationCenterId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
  /** 부산울산중소벤처기업청: the regional SME office an overdue hand-off escalates to. */
  regionalOfficeId: '8a9b0c1d-2e3f-4a4b-9c5d-6e7f8a9b0c1d',
  outcomeId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
} as const;
