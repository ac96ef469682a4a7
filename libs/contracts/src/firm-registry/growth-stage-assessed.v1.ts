import { defineIntegrationEvent } from '../contract';
import { instant, uuid, type JsonSchema } from '../json-schema';
import { TOPICS } from '../topics';
import { firmId, growthStage, type GrowthStage } from './firm.schemas';

/** The three criteria a growth stage is judged on, each 0–100 points. */
export interface GrowthStageScores {
  /** 혁신성 */
  innovation: number;
  /** 성장성 */
  growth: number;
  /** 고용창출역량 */
  jobCreation: number;
}

export interface GrowthStageAssessedV1 {
  firmId: string;
  stage: GrowthStage;
  scores: GrowthStageScores;
  assessingAgencyId: string;
  effectiveAt: string;
}

const score = (criterion: string): JsonSchema => ({
  type: 'number',
  minimum: 0,
  maximum: 100,
  description: `${criterion}. Unit: points (점), 0–100.`,
});

export const growthStageAssessedV1 = defineIntegrationEvent<GrowthStageAssessedV1>({
  type: 'firm-registry.growth-stage-assessed.v1',
  topic: TOPICS.firmRegistry,
  summary:
    'An agency assessed a firm’s growth stage (성장단계 평가) on innovation, growth and job creation; the stage holds from effectiveAt.',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['firmId', 'stage', 'scores', 'assessingAgencyId', 'effectiveAt'],
    properties: {
      firmId: firmId(),
      stage: growthStage('The stage assigned'),
      scores: {
        type: 'object',
        additionalProperties: false,
        required: ['innovation', 'growth', 'jobCreation'],
        properties: {
          innovation: score('Innovation (혁신성)'),
          growth: score('Growth (성장성)'),
          jobCreation: score('Job-creation capacity (고용창출역량)'),
        },
        description: 'Scores on the three criteria of the assessment',
      },
      assessingAgencyId: uuid('Agency that made the assessment (평가기관), from the agencies directory'),
      effectiveAt: instant('From when the assessed stage applies (business time)'),
    },
  },
  example: {
    firmId: '3f0c2a8e-5b7d-4e21-9c4a-1d2e3f4a5b6c',
    stage: 'leading',
    scores: { innovation: 82.5, growth: 77, jobCreation: 69 },
    assessingAgencyId: '9b1d7c3e-2f4a-4b8c-8d6e-0a1b2c3d4e5f',
    effectiveAt: '2026-04-01T00:00:00+09:00',
  },
  partitionKey: (data) => data.firmId,
});
