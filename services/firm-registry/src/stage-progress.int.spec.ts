import {
  brnSequence,
  command,
  registration,
  startHarness,
  type Harness,
} from './testing/firm-registry.harness';

const PASSING = { innovation: 70, growth: 70, jobCreation: 60 };
const MINISTRY_AGENCY = '0e6a5b1c-2d3f-4a5b-8c7d-9e0f1a2b3c4d';
const none = { potential: 0, preliminary: 0, leading: 0, superRegionalLeading: 0 };

interface Progress {
  targets: { leading: number; superRegionalLeading: number; deadline: string };
  totals: typeof none;
  progress: Record<'leading' | 'superRegionalLeading' | 'representative', { count: number; target: number }>;
  byRegion: ({ regionCode: string; nameKo: string } & typeof none)[];
  byIndustry: ({ industryId: string } & typeof none)[];
}

/** Growth-stage progress toward the 2027 targets (280 선도기업 + 20 초광역권 선도기업), from the read model. */
describe('stage progress', () => {
  let h: Harness;
  const nextBrn = brnSequence(300_000_000);
  let latest: string;

  const register = async (regionCode: string, industryId: string) => {
    const answer = await command(
      h,
      'POST',
      '/firms',
      registration({ businessRegistrationNumber: nextBrn(), regionCode, industryId }),
      { status: 201 },
    );
    latest = answer.position!;
    return answer.firmId;
  };
  const assess = async (firmId: string, stage: string) => {
    const answer = await command(h, 'POST', `/firms/${firmId}/stage-assessments`, {
      stage,
      scores: PASSING,
      effectiveAt: '2026-04-01T00:00:00+09:00',
    });
    latest = answer.position!;
  };
  const close = async (firmId: string) => {
    const answer = await command(h, 'POST', `/firms/${firmId}/closure`, {
      reason: 'business-closed',
      closedOn: '2026-09-30',
    });
    latest = answer.position!;
  };
  const progress = async (): Promise<Progress> => {
    const response = await h.request('GET', `/progress/stages?waitFor=${latest}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const region = (p: Progress, code: string) => p.byRegion.find((r) => r.regionCode === code);

  let ulsanLeading: string;

  beforeAll(async () => {
    h = await startHarness();
    await register('27', 'daegu-advanced-autonomous-manipulation');

    await assess(await register('27', 'daegu-advanced-autonomous-manipulation'), 'preliminary');
    await assess(await register('26', 'busan-ultra-precision-materials-components'), 'preliminary');

    await assess(await register('27', 'daegu-digital-medical-devices'), 'leading');
    await assess(await register('26', 'busan-power-semiconductors'), 'leading');
    ulsanLeading = await register('31', 'ulsan-electric-hydrogen-vehicles');
    await assess(ulsanLeading, 'leading');

    // 초광역권 선도기업: a 부산 firm designated in the 부산·울산 cooperative hydrogen industry.
    const busanFirm = await register('26', 'busan-power-semiconductors');
    const designated = await command(
      h,
      'POST',
      `/firms/${busanFirm}/super-regional-designation`,
      {
        industryId: 'hydrogen-storage-transport',
        cooperatingRegions: ['26', '31'],
        scores: { innovation: 70, growth: 71, jobCreation: 60 },
        effectiveAt: '2026-07-01T00:00:00+09:00',
        designatingAgencyId: MINISTRY_AGENCY,
      },
      { as: 'ministry' },
    );
    expect(designated.events).toEqual(['SuperRegionalLeadingFirmDesignated']);
    latest = designated.position!;

    // A closed firm counts nowhere, whatever its stage.
    const closedPreliminary = await register('26', 'busan-silver-care-tech');
    await assess(closedPreliminary, 'preliminary');
    await close(closedPreliminary);
  });
  afterAll(() => h?.close());

  it('counts active firms per stage against the 2027 targets', async () => {
    const p = await progress();
    expect(p.targets).toEqual({ leading: 280, superRegionalLeading: 20, deadline: '2027-12-31' });
    expect(p.totals).toEqual({ potential: 1, preliminary: 2, leading: 3, superRegionalLeading: 1 });
    expect(p.progress).toEqual({
      leading: { count: 3, target: 280, percent: 1.1 },
      superRegionalLeading: { count: 1, target: 20, percent: 5 },
      representative: { count: 4, target: 300, percent: 1.3 },
    });
  });

  it('by region: every 시·도 listed; 부산 (26) holds its preliminary, leading and super-regional firms', async () => {
    const p = await progress();
    expect(p.byRegion).toHaveLength(17);
    expect(region(p, '26')).toEqual({
      regionCode: '26',
      nameKo: '부산광역시',
      potential: 0,
      preliminary: 1,
      leading: 1,
      superRegionalLeading: 1,
    });
    expect(region(p, '27')).toMatchObject({
      potential: 1,
      preliminary: 1,
      leading: 1,
      superRegionalLeading: 0,
    });
    // The designation names 울산 as a cooperating region; the firm still counts in its own region only.
    expect(region(p, '31')).toMatchObject({ ...none, leading: 1 });
    expect(region(p, '11')).toMatchObject(none);
  });

  it('by industry: the firm’s own industry, a super-regional firm under its designated industry; sums match the totals', async () => {
    const p = await progress();
    expect(p.byIndustry).toEqual([
      { industryId: 'busan-power-semiconductors', ...none, leading: 1 },
      { industryId: 'busan-ultra-precision-materials-components', ...none, preliminary: 1 },
      { industryId: 'daegu-advanced-autonomous-manipulation', ...none, potential: 1, preliminary: 1 },
      { industryId: 'daegu-digital-medical-devices', ...none, leading: 1 },
      { industryId: 'hydrogen-storage-transport', ...none, superRegionalLeading: 1 },
      { industryId: 'ulsan-electric-hydrogen-vehicles', ...none, leading: 1 },
    ]);
    for (const stage of Object.keys(none) as (keyof typeof none)[])
      expect(p.byIndustry.reduce((sum, i) => sum + i[stage], 0)).toBe(p.totals[stage]);
  });

  it('closing a leading firm takes it out of every count', async () => {
    await close(ulsanLeading);
    const p = await progress();
    expect(p.totals).toEqual({ potential: 1, preliminary: 2, leading: 2, superRegionalLeading: 1 });
    expect(p.progress.leading).toEqual({ count: 2, target: 280, percent: 0.7 });
    expect(region(p, '31')).toMatchObject(none);
    expect(p.byIndustry.map((i) => i.industryId)).not.toContain('ulsan-electric-hydrogen-vehicles');
  });

  it('only the ministry, a regional office or an admin may designate (403 for agency staff)', async () => {
    const firmId = await register('31', 'ulsan-electric-hydrogen-vehicles');
    const refused = await h.request('POST', `/firms/${firmId}/super-regional-designation`, {
      body: {
        industryId: 'hydrogen-storage-transport',
        cooperatingRegions: ['26', '31'],
        scores: PASSING,
        effectiveAt: '2026-07-01T00:00:00+09:00',
      },
    });
    expect(refused.status).toBe(403);
    expect((await progress()).totals.superRegionalLeading).toBe(1);
  });
});
