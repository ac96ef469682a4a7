import { AssertionError } from 'node:assert';
import { DomainError } from './errors';
import { DeciderSpecification } from './specification';
import { meta, OnlyTheHolderMayPropose, sampleDecider } from './testing/baton-sample';

const spec = DeciderSpecification(sampleDecider);
const opened = { type: 'CaseOpened' as const, data: { caseId: 'c1', holder: 'daegu-tp' } };

describe('DeciderSpecification (given / when / then)', () => {
  it('passes when the decider produces the expected events', () => {
    spec
      .given([opened])
      .when({
        type: 'ProposeHandoff',
        data: { caseId: 'c1', from: 'daegu-tp', to: 'busan-ccei' },
        metadata: meta,
      })
      .then([{ type: 'HandoffProposed', data: { caseId: 'c1', to: 'busan-ccei' } }]);
  });

  it('fails with a readable assertion when the events differ', () => {
    expect(() =>
      spec
        .given([opened])
        .when({
          type: 'ProposeHandoff',
          data: { caseId: 'c1', from: 'daegu-tp', to: 'busan-ccei' },
          metadata: meta,
        })
        .then([{ type: 'HandoffProposed', data: { caseId: 'c1', to: 'someone-else' } }]),
    ).toThrow(AssertionError);
  });

  it('checks the thrown domain error and a predicate on it', () => {
    spec
      .given([opened])
      .when({ type: 'ProposeHandoff', data: { caseId: 'c1', from: 'intruder', to: 'x' }, metadata: meta })
      .thenThrows(OnlyTheHolderMayPropose, (e) => e.details.holder === 'daegu-tp');
  });

  it('fails when the wrong error is thrown, or none', () => {
    const when = spec
      .given([opened])
      .when({ type: 'ProposeHandoff', data: { caseId: 'c1', from: 'intruder', to: 'x' }, metadata: meta });
    expect(() => when.thenThrows(RangeError)).toThrow(/Expected RangeError, got OnlyTheHolderMayPropose/);
    expect(() =>
      spec
        .given([opened])
        .when({ type: 'ProposeHandoff', data: { caseId: 'c1', from: 'daegu-tp', to: 'x' }, metadata: meta })
        .thenThrows(DomainError),
    ).toThrow(/but the decider returned/);
  });

  it('expresses "nothing happens" for an idempotent command', () => {
    spec
      .given([opened])
      .when({ type: 'OpenCase', data: { caseId: 'c1', agency: 'daegu-tp' }, metadata: meta })
      .thenNothingHappens();
  });
});
