import { ALTMAN_Z_DOUBLE_PRIME, altmanZDoublePrime, altmanZone } from './altman';

describe('altmanZDoublePrime', () => {
  it('uses the published coefficients 6.56, 3.26, 6.72, 1.05 and zone bounds 2.60 / 1.10', () => {
    expect(ALTMAN_Z_DOUBLE_PRIME).toEqual({
      coefficients: { x1: 6.56, x2: 3.26, x3: 6.72, x4: 1.05 },
      zones: { safeAbove: 2.6, distressBelow: 1.1 },
    });
  });

  it('computes the four ratios and Z″ of a firm (amounts in KRW)', () => {
    const score = altmanZDoublePrime({
      totalAssets: 10_000_000_000,
      totalLiabilities: 6_000_000_000,
      workingCapital: 2_000_000_000,
      retainedEarnings: 3_000_000_000,
      ebit: 1_000_000_000,
      equity: 4_000_000_000,
    })!;
    expect(score.x1).toBe(0.2);
    expect(score.x2).toBe(0.3);
    expect(score.x3).toBe(0.1);
    expect(score.x4).toBeCloseTo(2 / 3, 15);
    expect(score.z).toBeCloseTo(1.312 + 0.978 + 0.672 + 0.7, 12);
  });

  it('adds the constant of the emerging-market score (Altman 2002: 3.25)', () => {
    const inputs = {
      totalAssets: 100,
      totalLiabilities: 50,
      workingCapital: 10,
      retainedEarnings: 5,
      ebit: 2,
      equity: 50,
    };
    expect(altmanZDoublePrime(inputs, 3.25)!.z).toBeCloseTo(altmanZDoublePrime(inputs)!.z + 3.25, 12);
  });

  it('has no score when total assets or total liabilities are not above 0', () => {
    const base = {
      totalAssets: 100,
      totalLiabilities: 50,
      workingCapital: 0,
      retainedEarnings: 0,
      ebit: 0,
      equity: 50,
    };
    expect(altmanZDoublePrime({ ...base, totalAssets: 0 })).toBeUndefined();
    expect(altmanZDoublePrime({ ...base, totalAssets: -5 })).toBeUndefined();
    expect(altmanZDoublePrime({ ...base, totalLiabilities: 0 })).toBeUndefined();
  });
});

describe('altmanZone', () => {
  it.each<[number, 'safe' | 'grey' | 'distress']>([
    [2.61, 'safe'],
    [2.6, 'grey'],
    [1.1, 'grey'],
    [1.0999, 'distress'],
    [-2, 'distress'],
  ])('Z″ %d is %s', (z, zone) => {
    expect(altmanZone(z)).toBe(zone);
  });
});
