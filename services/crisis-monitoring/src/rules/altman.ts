/*
 * Altman Z″ (Z-double-prime), the model for private and non-manufacturing firms:
 *   Z″ = 6.56·X1 + 3.26·X2 + 6.72·X3 + 1.05·X4
 *   X1 = working capital / total assets      X2 = retained earnings / total assets
 *   X3 = EBIT / total assets                 X4 = book value of equity / total liabilities
 * Zones: safe Z″ > 2.60, grey 1.10 ≤ Z″ ≤ 2.60, distress Z″ < 1.10.
 * Sources: E. I. Altman, "Predicting Financial Distress of Companies: Revisiting the Z-Score and ZETA Models"
 * (NYU Stern working paper, 2000); E. I. Altman, "Revisiting Credit Scoring Models in a Basel II Environment"
 * (2002), which adds a constant of 3.25 for emerging-market firms (EM score). The zones were calibrated on US
 * firms; they are not validated for Korean SMEs (unverified for this use).
 */

export const ALTMAN_Z_DOUBLE_PRIME = {
  coefficients: { x1: 6.56, x2: 3.26, x3: 6.72, x4: 1.05 },
  zones: { safeAbove: 2.6, distressBelow: 1.1 },
} as const;

export interface AltmanInputs {
  readonly totalAssets: number;
  readonly totalLiabilities: number;
  readonly workingCapital: number;
  readonly retainedEarnings: number;
  readonly ebit: number;
  readonly equity: number;
}

export interface AltmanScore {
  readonly x1: number;
  readonly x2: number;
  readonly x3: number;
  readonly x4: number;
  readonly z: number;
}

/** Z″ plus `constant`; undefined when a ratio has no meaning (total assets or total liabilities not above 0). */
export function altmanZDoublePrime(inputs: AltmanInputs, constant = 0): AltmanScore | undefined {
  if (!(inputs.totalAssets > 0) || !(inputs.totalLiabilities > 0)) return undefined;
  const { coefficients: c } = ALTMAN_Z_DOUBLE_PRIME;
  const x1 = inputs.workingCapital / inputs.totalAssets;
  const x2 = inputs.retainedEarnings / inputs.totalAssets;
  const x3 = inputs.ebit / inputs.totalAssets;
  const x4 = inputs.equity / inputs.totalLiabilities;
  return { x1, x2, x3, x4, z: constant + c.x1 * x1 + c.x2 * x2 + c.x3 * x3 + c.x4 * x4 };
}

/** Altman's published zone of a Z″ (without constant). */
export const altmanZone = (z: number): 'safe' | 'grey' | 'distress' =>
  z > ALTMAN_Z_DOUBLE_PRIME.zones.safeAbove
    ? 'safe'
    : z < ALTMAN_Z_DOUBLE_PRIME.zones.distressBelow
      ? 'distress'
      : 'grey';
