import { assertNever, type Decider } from '../decider';
import { DomainError } from '../errors';
import type { Command, Event } from '../event';

/** A small relay-shaped decider used to test the library itself. */
export type SampleEvent =
  | Event<'CaseOpened', { caseId: string; holder: string }>
  | Event<'HandoffProposed', { caseId: string; to: string }>
  | Event<'HandoffAccepted', { caseId: string; by: string }>;

export type SampleCommand =
  | Command<'OpenCase', { caseId: string; agency: string }>
  | Command<'ProposeHandoff', { caseId: string; from: string; to: string }>
  | Command<'AcceptHandoff', { caseId: string; by: string }>;

export type SampleState =
  { status: 'none' } | { status: 'held'; holder: string } | { status: 'offered'; holder: string; to: string };

export class OnlyTheHolderMayPropose extends DomainError {
  constructor(holder: string) {
    super(`Only the holder (${holder}) may propose a hand-off`, 'only-holder-proposes', { holder });
  }
}

export const sampleDecider: Decider<SampleState, SampleCommand, SampleEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'CaseOpened':
        return { status: 'held', holder: event.data.holder };
      case 'HandoffProposed':
        return state.status === 'none'
          ? state
          : { status: 'offered', holder: state.holder, to: event.data.to };
      case 'HandoffAccepted':
        return { status: 'held', holder: event.data.by };
      default:
        return assertNever(event, 'event');
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'OpenCase':
        if (state.status !== 'none') return [];
        return [{ type: 'CaseOpened', data: { caseId: command.data.caseId, holder: command.data.agency } }];
      case 'ProposeHandoff':
        if (state.status === 'none' || state.holder !== command.data.from) {
          throw new OnlyTheHolderMayPropose(state.status === 'none' ? 'nobody' : state.holder);
        }
        return [{ type: 'HandoffProposed', data: { caseId: command.data.caseId, to: command.data.to } }];
      case 'AcceptHandoff':
        if (state.status !== 'offered' || state.to !== command.data.by) {
          throw new DomainError('No hand-off is offered to this agency', 'no-offer');
        }
        return [{ type: 'HandoffAccepted', data: { caseId: command.data.caseId, by: command.data.by } }];
      default:
        return assertNever(command, 'command');
    }
  },
};

export const meta = { now: '2026-03-01T09:00:00.000Z', actor: { userId: 'u-1', agencyId: 'daegu-tp' } };
