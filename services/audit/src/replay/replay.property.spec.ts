/*
 * Property-style checks over generated ledgers: for many seeded random event sequences (plausible ones, with
 * back-dated facts, unknown ids, duplicates, crisis and unknown events mixed in), the fold agrees with a
 * reference fold written separately below in a different style (mutable, one if-chain), in every mode.
 */
import { CASE_PHASES } from '@baton/contracts';
import type { IntegrationEvent } from '@baton/messaging';
import { canonicalize } from '../ledger/canonical';
import { verifyChain, type LedgerEntry } from '../ledger/chain';
import { FIRM_ID, published, record } from '../testing/fixtures';
import { asInEffectAt, asKnownAt, replayAll } from './as-of';
import { diff } from './diff';
import { timeline } from './timeline';

// ---- a seeded generator ---------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so a failing seed can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}
type Random = ReturnType<typeof random>;

const DAY = 86_400_000;
const YEAR_START = Date.parse('2026-01-01T00:00:00+09:00');
const kst = (ms: number) => `${new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;

const CASES = ['c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'c-unknown'];
const PROPOSALS = ['p-1', 'p-2', 'p-3', 'p-4'];
const AGENCIES = ['a-tp', 'a-ccei', 'a-univ', 'a-office'];
const REGIONS = ['11', '26', '41', '48'] as const;
const PHASES = Object.keys(CASE_PHASES) as (keyof typeof CASE_PHASES)[];
const PERIODS = ['2025', '2026-Q1', '2026-Q2'];
const FIGURES = ['sales', 'employees', 'rdSpend', 'exports', 'debtRatio', 'overdueDays', 'interestCoverage'];

/** One random event about FIRM_ID with its business time somewhere in 2026. */
function randomEvent(r: Random, index: number): IntegrationEvent {
  const at = kst(YEAR_START + r.int(0, 364) * DAY + r.int(0, 23) * 3_600_000);
  const ref = () => ({
    caseId: r.pick(CASES),
    firmId: FIRM_ID,
    proposalId: r.pick(PROPOSALS),
    fromAgencyId: r.pick(AGENCIES),
    toAgencyId: r.pick(AGENCIES),
  });
  const kind = r.int(0, 21);
  const make = (type: string, data: unknown) =>
    published(type, data, { id: `evt-${index}`, time: kst(YEAR_START + r.int(0, 364) * DAY) });
  switch (kind) {
    case 0:
      return make('firm-registry.firm-registered.v1', {
        firmId: FIRM_ID,
        businessRegistrationNumber: '1234567890',
        name: r.pick(['주식회사 한빛정밀', '㈜ 바다소재']),
        regionCode: r.pick(REGIONS),
        industryId: r.pick(['i-1', 'i-2']),
        growthStage: r.pick(['potential', 'preliminary', 'leading']),
        registeredAt: at,
      });
    case 1:
      return make('firm-registry.firm-profile-amended.v1', {
        firmId: FIRM_ID,
        ...(r.chance(0.5) && { name: r.pick(['한빛정밀테크', '한빛']) }),
        ...(r.chance(0.5) && { industryId: r.pick(['i-2', 'i-3']) }),
        ...(r.chance(0.5) && { size: r.pick(['small', 'medium']) }),
        ...(r.chance(0.4) && { ksicCode: r.pick(['C29', null]) }),
        amendedAt: at,
      });
    case 2:
      return make('firm-registry.firm-relocated.v1', {
        firmId: FIRM_ID,
        fromRegionCode: r.pick(REGIONS),
        toRegionCode: r.pick(REGIONS),
        relocatedAt: at,
      });
    case 3:
      return make('firm-registry.growth-stage-assessed.v1', {
        firmId: FIRM_ID,
        stage: r.pick(['potential', 'preliminary', 'leading', 'super-regional-leading']),
        scores: { innovation: r.int(0, 100), growth: r.int(0, 1000) / 10, jobCreation: r.int(0, 100) },
        assessingAgencyId: r.pick(AGENCIES),
        effectiveAt: at,
      });
    case 4: {
      const figures = Object.fromEntries(
        FIGURES.filter(() => r.chance(0.5)).map((f) => [
          f,
          f === 'debtRatio' ? r.int(-500, 5000) / 10 : r.int(0, 1e9),
        ]),
      );
      return make('firm-registry.indicators-reported.v1', {
        firmId: FIRM_ID,
        period: r.pick(PERIODS),
        ...figures,
        reportedAt: at,
      });
    }
    case 5:
      return make('firm-registry.firm-closed.v1', {
        firmId: FIRM_ID,
        reason: r.pick(['business-closed', 'bankrupt', 'merged']),
        ...(r.chance(0.3) && { successorFirmId: 'f-successor' }),
        closedAt: at,
      });
    case 6:
    case 7:
      return make('relay.case-opened.v1', {
        caseId: r.pick(CASES.slice(0, 2)),
        firmId: FIRM_ID,
        regionCode: r.pick(REGIONS),
        holderAgencyId: r.pick(AGENCIES),
        phase: r.pick(PHASES),
        goals: ['목표 1', '목표 2'].slice(0, r.int(1, 2)),
        openedAt: at,
      });
    case 8:
    case 9:
      return make('relay.handoff-proposed.v1', {
        ...ref(),
        reason: '다음 단계 지원',
        currentPhase: r.pick(PHASES),
        nextPhase: r.pick(PHASES),
        documentCount: r.int(0, 5),
        dueAt: at,
        expiresAt: at,
        proposedAt: at,
      });
    case 10:
      return make('relay.handoff-accepted.v1', {
        ...ref(),
        previousPhase: r.pick(PHASES),
        phase: r.pick(PHASES),
        acceptedAt: at,
      });
    case 11:
      return make('relay.handoff-declined.v1', {
        ...ref(),
        reason: { code: r.pick(['at-capacity', 'other']), ...(r.chance(0.5) && { text: '사유' }) },
        declinedAt: at,
      });
    case 12:
      return make('relay.handoff-withdrawn.v1', {
        ...ref(),
        cause: r.pick(['proposer', 'consent-revoked']),
        withdrawnAt: at,
      });
    case 13:
      return make('relay.handoff-escalated.v1', {
        ...ref(),
        escalatedToAgencyId: 'a-office',
        dueAt: at,
        escalatedAt: at,
      });
    case 14:
      // The relay notices an expiry up to two days late.
      return make('relay.handoff-expired.v1', {
        ...ref(),
        expiresAt: at,
        expiredAt: kst(Date.parse(at) + r.int(0, 48) * 3_600_000),
      });
    case 15:
      return make('relay.consent-revoked.v1', {
        caseId: r.pick(CASES),
        firmId: FIRM_ID,
        proposalId: r.pick(PROPOSALS),
        sharedWithAgencyId: r.pick(AGENCIES),
        revokedAt: at,
      });
    case 16:
      return make('relay.outcome-recorded.v1', {
        caseId: r.pick(CASES),
        firmId: FIRM_ID,
        outcomeId: `o-${index}`,
        kind: r.pick(['certification', 'investment']),
        ...(r.chance(0.5) && { value: { amount: r.int(0, 1e9), unit: 'KRW' } }),
        phase: r.pick(PHASES),
        recordedByAgencyId: r.pick(AGENCIES),
        notifyAgencyIds: AGENCIES.filter(() => r.chance(0.3)),
        recordedAt: at,
      });
    case 17:
      return make('relay.case-closed.v1', {
        caseId: r.pick(CASES),
        firmId: FIRM_ID,
        outcome: r.pick(['completed', 'firm-closed']),
        holderAgencyId: r.pick(AGENCIES),
        closedAt: at,
      });
    case 18:
    case 19:
      return make(r.pick(['crisis-monitoring.warning-raised.v1', 'crisis-monitoring.warning-resolved.v1']), {
        ...(r.chance(0.8) && { warningId: r.pick(['w-1', 'w-2']) }),
        level: r.int(1, 3),
        note: r.pick(['연체', '매출 급감']),
      });
    default:
      return make(r.pick(['support-programs.enrolment-approved.v1', 'audit.export-made.v1']), {
        n: r.int(0, 9),
      });
  }
}

/** A ledger of 1–60 random events, recorded between 1 minute and 20 days apart. */
function randomLedger(seed: number): LedgerEntry[] {
  const r = random(seed);
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const recordings = Array.from({ length: r.int(1, 60) }, (_, i) => {
    clock += r.int(1, 20 * 24 * 60) * 60_000;
    return { event: randomEvent(r, i), recordedAt: new Date(clock).toISOString() };
  });
  return record(recordings);
}

// ---- the reference fold: written apart from replay.fold.ts, in a different style ---------------------------

/* eslint-disable @typescript-eslint/no-explicit-any -- the reference works on untyped JSON on purpose */
function referenceFold(entries: readonly LedgerEntry[]): unknown {
  const registry: any = { status: 'unregistered', profile: {}, indicators: {} };
  const cases = new Map<string, any>();
  const holdings: any[] = [];
  const warnings = new Map<string, any>();
  const other: any[] = [];

  for (const e of entries) {
    const type = e.payload.type;
    const d: any = e.payload.data;
    const aside = (reason: string) =>
      other.push({
        sequence: e.sequence,
        eventId: e.eventId,
        type,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt,
        reason,
      });
    const openHolding = (caseId: string) => {
      for (let i = holdings.length - 1; i >= 0; i--) {
        if (holdings[i].caseId === caseId && !('to' in holdings[i])) return holdings[i];
      }
      return undefined;
    };
    const handoff = (): any => {
      const c = cases.get(d.caseId);
      const h = c?.handoffs.find((x: any) => x.proposalId === d.proposalId);
      if (!h) aside(c ? 'unknown-proposal' : 'unknown-case');
      return h;
    };

    if (type === 'firm-registry.firm-registered.v1') {
      registry.status = 'active';
      registry.profile.name = d.name;
      registry.profile.businessRegistrationNumber = d.businessRegistrationNumber;
      registry.region = d.regionCode;
      registry.industry = d.industryId;
      registry.stage = { stage: d.growthStage, effectiveAt: d.registeredAt };
      registry.registeredAt = d.registeredAt;
    } else if (type === 'firm-registry.firm-profile-amended.v1') {
      for (const field of ['name', 'size', 'ksicCode']) if (field in d) registry.profile[field] = d[field];
      if ('industryId' in d) registry.industry = d.industryId;
    } else if (type === 'firm-registry.firm-relocated.v1') {
      registry.region = d.toRegionCode;
    } else if (type === 'firm-registry.growth-stage-assessed.v1') {
      registry.stage = {
        stage: d.stage,
        effectiveAt: d.effectiveAt,
        scores: d.scores,
        assessingAgencyId: d.assessingAgencyId,
      };
    } else if (type === 'firm-registry.indicators-reported.v1') {
      const figures: any = {};
      for (const [k, v] of Object.entries(d)) if (k !== 'firmId' && k !== 'period') figures[k] = v;
      registry.indicators[d.period] = figures;
    } else if (type === 'firm-registry.firm-closed.v1') {
      registry.status = 'closed';
      registry.closure = { reason: d.reason, closedAt: d.closedAt };
      if (d.successorFirmId) registry.closure.successorFirmId = d.successorFirmId;
    } else if (type === 'relay.case-opened.v1') {
      if (cases.has(d.caseId)) {
        aside('duplicate');
        continue;
      }
      cases.set(d.caseId, {
        caseId: d.caseId,
        regionCode: d.regionCode,
        status: 'open',
        phase: d.phase,
        holderAgencyId: d.holderAgencyId,
        goals: d.goals,
        openedAt: d.openedAt,
        handoffs: [],
        outcomes: [],
      });
      holdings.push({ caseId: d.caseId, agencyId: d.holderAgencyId, phase: d.phase, from: d.openedAt });
    } else if (type === 'relay.handoff-proposed.v1') {
      const c = cases.get(d.caseId);
      if (!c) aside('unknown-case');
      else if (c.handoffs.some((x: any) => x.proposalId === d.proposalId)) aside('duplicate');
      else
        c.handoffs.push({
          proposalId: d.proposalId,
          from: d.fromAgencyId,
          to: d.toAgencyId,
          status: 'pending',
          reason: d.reason,
          currentPhase: d.currentPhase,
          nextPhase: d.nextPhase,
          documentCount: d.documentCount,
          times: { proposedAt: d.proposedAt, dueAt: d.dueAt, expiresAt: d.expiresAt },
        });
    } else if (type === 'relay.handoff-accepted.v1') {
      const h = handoff();
      if (!h) continue;
      h.status = 'accepted';
      h.times.acceptedAt = d.acceptedAt;
      const c = cases.get(d.caseId);
      c.holderAgencyId = d.toAgencyId;
      c.phase = d.phase;
      const open = openHolding(d.caseId);
      if (open) open.to = d.acceptedAt;
      holdings.push({ caseId: d.caseId, agencyId: d.toAgencyId, phase: d.phase, from: d.acceptedAt });
    } else if (type === 'relay.handoff-declined.v1') {
      const h = handoff();
      if (!h) continue;
      h.status = 'declined';
      h.times.declinedAt = d.declinedAt;
      h.declineReason = { ...d.reason };
    } else if (type === 'relay.handoff-withdrawn.v1') {
      const h = handoff();
      if (!h) continue;
      h.status = 'withdrawn';
      h.times.withdrawnAt = d.withdrawnAt;
      h.withdrawalCause = d.cause;
    } else if (type === 'relay.handoff-escalated.v1') {
      const h = handoff();
      if (!h) continue;
      if (h.status === 'pending') h.status = 'escalated';
      h.times.escalatedAt = d.escalatedAt;
      h.escalatedToAgencyId = d.escalatedToAgencyId;
    } else if (type === 'relay.handoff-expired.v1') {
      const h = handoff();
      if (!h) continue;
      h.status = 'expired';
      h.times.expiredAt = d.expiredAt;
    } else if (type === 'relay.consent-revoked.v1') {
      const h = handoff();
      if (h) h.times.consentRevokedAt = d.revokedAt;
    } else if (type === 'relay.outcome-recorded.v1') {
      const c = cases.get(d.caseId);
      if (!c) aside('unknown-case');
      else {
        const { caseId: _c, firmId: _f, ...outcome } = d;
        c.outcomes.push(outcome);
      }
    } else if (type === 'relay.case-closed.v1') {
      const c = cases.get(d.caseId);
      if (!c) aside('unknown-case');
      else {
        Object.assign(c, { status: 'closed', holderAgencyId: d.holderAgencyId, closedAt: d.closedAt });
        c.closingOutcome = d.outcome;
        const open = openHolding(d.caseId);
        if (open) open.to = d.closedAt;
      }
    } else if (type.startsWith('crisis-monitoring.')) {
      const data = d && typeof d === 'object' && !Array.isArray(d) ? d : {};
      const id = typeof data.warningId === 'string' && data.warningId ? data.warningId : e.eventId;
      const seen = { eventId: e.eventId, type, at: e.occurredAt };
      const w = warnings.get(id) ?? { warningId: id, firstAt: e.occurredAt, events: [], data: {} };
      w.lastAt = e.occurredAt;
      w.lastType = type;
      w.events.push(seen);
      Object.assign(w.data, data);
      warnings.set(id, w);
    } else {
      aside('unknown-type');
    }
  }
  return {
    registry,
    cases: Object.fromEntries(cases),
    batonHolders: holdings,
    warnings: Object.fromEntries(warnings),
    other,
  };
}

/** Business time per type, written out again here rather than imported. */
function referenceBusinessTime(e: LedgerEntry): number {
  const d: any = e.payload.data;
  const field: string | undefined = {
    'firm-registry.firm-registered.v1': 'registeredAt',
    'firm-registry.firm-profile-amended.v1': 'amendedAt',
    'firm-registry.firm-relocated.v1': 'relocatedAt',
    'firm-registry.growth-stage-assessed.v1': 'effectiveAt',
    'firm-registry.indicators-reported.v1': 'reportedAt',
    'firm-registry.firm-closed.v1': 'closedAt',
    'relay.case-opened.v1': 'openedAt',
    'relay.handoff-proposed.v1': 'proposedAt',
    'relay.handoff-accepted.v1': 'acceptedAt',
    'relay.handoff-declined.v1': 'declinedAt',
    'relay.handoff-withdrawn.v1': 'withdrawnAt',
    'relay.handoff-escalated.v1': 'escalatedAt',
    'relay.handoff-expired.v1': 'expiresAt',
    'relay.consent-revoked.v1': 'revokedAt',
    'relay.outcome-recorded.v1': 'recordedAt',
    'relay.case-closed.v1': 'closedAt',
  }[e.payload.type];
  return Date.parse(field === undefined ? e.occurredAt : d[field]);
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The value at a JSON Pointer, or undefined. */
function at(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      value,
    );
}

// ---- the properties -------------------------------------------------------------------------------------

const SEEDS = Array.from({ length: 250 }, (_, i) => i + 1);

describe('replay over generated ledgers (250 seeds)', () => {
  it('generates ledgers that exercise every path: each contract, crisis and unknown events, and every kind of aside', () => {
    const types = new Set<string>();
    const reasons = new Set<string>();
    for (const seed of SEEDS) {
      const entries = randomLedger(seed);
      for (const e of entries) types.add(e.payload.type);
      for (const o of replayAll(entries).other) reasons.add(o.reason);
    }
    expect(types.size).toBeGreaterThanOrEqual(20);
    expect([...reasons].sort()).toEqual(['duplicate', 'unknown-case', 'unknown-proposal', 'unknown-type']);
  });

  it.each(SEEDS)('seed %i: the chain verifies and the fold equals the reference in every mode', (seed) => {
    const entries = randomLedger(seed);
    expect(verifyChain(entries)).toMatchObject({ ok: true, count: entries.length });

    expect(replayAll(entries)).toEqual(referenceFold(entries));

    const r = random(seed * 7919);
    for (let probe = 0; probe < 4; probe++) {
      const t = Date.parse('2026-01-01T00:00:00Z') + r.int(0, 420) * DAY;
      const instant = new Date(t).toISOString();
      expect(asKnownAt(entries, instant)).toEqual(
        referenceFold(entries.filter((e) => Date.parse(e.recordedAt) <= t)),
      );
      const inEffect = entries
        .filter((e) => referenceBusinessTime(e) <= t)
        .sort((a, b) => referenceBusinessTime(a) - referenceBusinessTime(b) || a.sequence - b.sequence);
      expect(asInEffectAt(entries, instant)).toEqual(referenceFold(inEffect));
    }
  });

  it.each(SEEDS.slice(0, 60))(
    'seed %i: states are I-JSON and diff lists exactly where two states differ',
    (seed) => {
      const entries = randomLedger(seed);
      const r = random(seed * 104729);
      const instant = (days: number) =>
        new Date(Date.parse('2026-01-01T00:00:00Z') + days * DAY).toISOString();
      const a = asKnownAt(entries, instant(r.int(0, 400)));
      const b = asInEffectAt(entries, instant(r.int(0, 400)));
      const changes = diff(a, b);
      // Equal canonical encodings ⇔ no changes.
      expect(changes.length === 0).toBe(canonicalize(a) === canonicalize(b));
      for (const change of changes) {
        expect(at(a, change.path)).toEqual(change.before);
        expect(at(b, change.path)).toEqual(change.after);
        expect(change.before).not.toEqual(change.after);
      }
      expect(diff(a, a)).toEqual([]);
    },
  );

  it.each(SEEDS.slice(0, 60))(
    'seed %i: the timeline has every entry once, in business-time order',
    (seed) => {
      const entries = randomLedger(seed);
      const items = timeline(entries);
      expect(items.map((i) => i.sequence).sort((x, y) => x - y)).toEqual(entries.map((e) => e.sequence));
      for (let i = 1; i < items.length; i++) {
        const previous = Date.parse(items[i - 1].at);
        const current = Date.parse(items[i].at);
        expect(
          previous < current || (previous === current && items[i - 1].sequence < items[i].sequence),
        ).toBe(true);
      }
    },
  );

  it.each(SEEDS.slice(0, 60))('seed %i: a change to any one entry is found at exactly that entry', (seed) => {
    const entries = randomLedger(seed);
    const r = random(seed * 31);
    const index = r.int(0, entries.length - 1);
    const change = r.pick<(e: LedgerEntry) => LedgerEntry>([
      (e) => ({ ...e, recordedAt: new Date(Date.parse(e.recordedAt) + 1).toISOString() }),
      (e) => ({ ...e, payload: { ...e.payload, data: { forged: true } } }),
      (e) => ({ ...e, payload: { ...e.payload, actoragency: 'a-forger' } }),
      (e) => ({ ...e, offset: String(Number(e.offset) + 1) }),
      (e) => ({ ...e, eventType: `${e.eventType}.forged` }),
    ]);
    const tampered = entries.map((e, i) => (i === index ? change(e) : e));
    expect(verifyChain(tampered)).toMatchObject({ ok: false, failedAt: index + 1 });
  });
});
