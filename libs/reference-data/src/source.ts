/**
 * How far a piece of reference data can be trusted, after the markers of REFDATA.md (shared/domain):
 * `verified` ✅ two or more independent sources agree (or checked by hand), `single-source` ◐ one secondary
 * source, `unverified` ⚠ inferred, partial or not checked against any official table.
 */
export type Confidence = 'verified' | 'single-source' | 'unverified';

/** Where a value comes from: REFDATA source ids (`S3`) or sections (`REFDATA §2`), and what to keep in mind. */
export interface SourceRef {
  readonly refs: readonly string[];
  readonly note?: string;
}
