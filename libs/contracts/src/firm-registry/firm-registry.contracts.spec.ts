import { allContracts } from '../all-contracts';
import type { ContractViolation } from '../errors';
import { REGION_CODES } from '../regions';
import { firmClosedV1 } from './firm-closed.v1';
import { firmRegisteredV1 } from './firm-registered.v1';
import { firmRelocatedV1 } from './firm-relocated.v1';
import { growthStageAssessedV1 } from './growth-stage-assessed.v1';
import { firmRegistryContracts } from './index';
import { indicatorsReportedV1 } from './indicators-reported.v1';

const violations = (type: string, data: unknown): ContractViolation[] => {
  const result = allContracts.validate(type, data);
  return result.ok ? [] : result.errors;
};

describe('integration event contracts', () => {
  it.each(allContracts.definitions().map((d) => [d.type, d] as const))(
    '%s: the example keeps the contract',
    (type, definition) => {
      expect(violations(type, definition.example)).toEqual([]);
    },
  );

  it.each(allContracts.definitions().map((d) => [d.type, d] as const))(
    '%s: is keyed by firm id, and has a schema that requires it',
    (_type, definition) => {
      const example = definition.example as { firmId: string };
      expect(definition.partitionKey(definition.example)).toBe(example.firmId);
      expect(definition.schema.required).toContain('firmId');
    },
  );

  it('the firm registry publishes exactly these events', () => {
    expect(firmRegistryContracts.map((d) => d.type)).toEqual([
      'firm-registry.firm-registered.v1',
      'firm-registry.firm-profile-amended.v1',
      'firm-registry.firm-relocated.v1',
      'firm-registry.growth-stage-assessed.v1',
      'firm-registry.indicators-reported.v1',
      'firm-registry.firm-closed.v1',
    ]);
    for (const definition of firmRegistryContracts)
      expect(allContracts.get(definition.type)).toBe(definition);
  });
});

describe('firm-registry.firm-registered.v1', () => {
  const { type, example } = firmRegisteredV1;

  it('knows the 17 시·도 by their current codes', () => {
    expect(REGION_CODES).toHaveLength(17);
    for (const regionCode of REGION_CODES) expect(violations(type, { ...example, regionCode })).toEqual([]);
  });

  it('refuses the legacy codes 42 (강원도) and 45 (전라북도): producers map them to 51 and 52', () => {
    for (const regionCode of ['42', '45']) {
      expect(violations(type, { ...example, regionCode })).toEqual([
        expect.objectContaining({ path: '/regionCode', rule: 'enum' }),
      ]);
    }
  });

  it('names each broken field and rule', () => {
    expect(
      violations(type, {
        ...example,
        firmId: 'firm-1',
        businessRegistrationNumber: '123-45-67890',
        growthStage: 'unicorn',
        registeredAt: '2026-03-02',
      }),
    ).toEqual([
      { path: '/firmId', rule: 'format', message: 'must match format "uuid"' },
      { path: '/businessRegistrationNumber', rule: 'pattern', message: 'must match pattern "^[0-9]{10}$"' },
      {
        path: '/growthStage',
        rule: 'enum',
        message:
          'must be equal to one of the allowed values: "potential", "preliminary", "leading", "super-regional-leading"',
      },
      { path: '/registeredAt', rule: 'format', message: 'must match format "date-time"' },
    ]);
  });

  it('carries no personal data: a representative’s name is not a field', () => {
    expect(violations(type, { ...example, representativeName: '홍길동' })).toEqual([
      {
        path: '/representativeName',
        rule: 'additionalProperties',
        message: 'is not a field of this contract (additionalProperties: false)',
      },
    ]);
  });

  it('requires every field', () => {
    expect(violations(type, {}).map((v) => `${v.rule} ${v.path}`)).toEqual(
      firmRegisteredV1.schema.required.map((field) => `required /${field}`),
    );
  });
});

describe('firm-registry.firm-relocated.v1', () => {
  it('refuses an unknown region', () => {
    expect(violations(firmRelocatedV1.type, { ...firmRelocatedV1.example, toRegionCode: '99' })).toEqual([
      expect.objectContaining({ path: '/toRegionCode', rule: 'enum' }),
    ]);
  });
});

describe('firm-registry.growth-stage-assessed.v1', () => {
  const { type, example } = growthStageAssessedV1;

  it('keeps scores within 0–100 and names the nested path', () => {
    expect(
      violations(type, { ...example, scores: { ...example.scores, growth: 101, jobCreation: -1 } }),
    ).toEqual([
      { path: '/scores/growth', rule: 'maximum', message: 'must be <= 100' },
      { path: '/scores/jobCreation', rule: 'minimum', message: 'must be >= 0' },
    ]);
  });

  it('requires all three scores', () => {
    expect(violations(type, { ...example, scores: { innovation: 50, growth: 50 } })).toEqual([
      { path: '/scores/jobCreation', rule: 'required', message: 'is required' },
    ]);
  });

  it('accepts the super-regional leading stage (초광역권 선도기업)', () => {
    expect(violations(type, { ...example, stage: 'super-regional-leading' })).toEqual([]);
  });
});

describe('firm-registry.indicators-reported.v1', () => {
  const { type, example } = indicatorsReportedV1;
  const { firmId, period, reportedAt } = example;

  it.each(['2026', '2026-Q1', '2026-Q4'])('accepts the period %p', (p) => {
    expect(violations(type, { ...example, period: p })).toEqual([]);
  });

  it.each(['2026-Q5', '26', '2026-03', '2026Q1'])('refuses the period %p', (p) => {
    expect(violations(type, { ...example, period: p })).toEqual([
      expect.objectContaining({ path: '/period' }),
    ]);
  });

  it('accepts a partial report: an absent indicator was not reported', () => {
    expect(violations(type, { firmId, period, reportedAt, overdueDays: 45 })).toEqual([]);
  });

  it('refuses a report with no indicator at all', () => {
    expect(violations(type, { firmId, period, reportedAt })).toEqual([
      {
        path: '',
        rule: 'anyOf',
        message:
          'must have at least one of: sales, employees, rdSpend, exports, debtRatio, overdueDays, interestCoverage, totalAssets, totalLiabilities, equity, workingCapital, retainedEarnings, ebit',
      },
    ]);
  });

  it('carries the financial statement items Altman Z″ needs, negative where accounting allows it', () => {
    expect(
      violations(type, {
        ...example,
        equity: -5_000_000,
        workingCapital: -1,
        retainedEarnings: -2,
        ebit: -3,
      }),
    ).toEqual([]);
    expect(violations(type, { ...example, totalAssets: -1, totalLiabilities: 0.5 })).toEqual([
      expect.objectContaining({ path: '/totalAssets', rule: 'minimum' }),
      expect.objectContaining({ path: '/totalLiabilities', rule: 'type' }),
    ]);
  });

  it('counts money in whole won and people in whole persons', () => {
    expect(violations(type, { ...example, sales: 1.5, employees: 3.5, exports: -1 })).toEqual([
      { path: '/sales', rule: 'type', message: 'must be integer' },
      { path: '/employees', rule: 'type', message: 'must be integer' },
      { path: '/exports', rule: 'minimum', message: 'must be >= 0' },
    ]);
  });

  it('allows a negative debt ratio (완전자본잠식) and interest coverage (operating loss)', () => {
    expect(violations(type, { ...example, debtRatio: -250, interestCoverage: -0.8 })).toEqual([]);
  });
});

describe('firm-registry.firm-closed.v1', () => {
  it('refuses an unknown reason', () => {
    expect(violations(firmClosedV1.type, { ...firmClosedV1.example, reason: 'suspended' })).toEqual([
      expect.objectContaining({ path: '/reason', rule: 'enum' }),
    ]);
  });
});
