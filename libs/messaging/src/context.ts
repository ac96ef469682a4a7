import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { ReceivedMessage } from './bus';

type BusContextArgs = [
  message: ReceivedMessage,
  manager: EntityManager,
  attempt: number,
  group: string,
  member: string,
];

/**
 * What an `@EventPattern` handler gets with `@Ctx()`: write your effect through `getManager()` — it is
 * the transaction that also records the event in the inbox, so the effect happens once.
 */
export class BusContext extends BaseRpcContext<BusContextArgs> {
  getMessage(): ReceivedMessage {
    return this.args[0];
  }
  getManager(): EntityManager {
    return this.args[1];
  }
  /** 1 for the first delivery attempt in this process. */
  getAttempt(): number {
    return this.args[2];
  }
  getGroup(): string {
    return this.args[3];
  }
  /** Which consumer of the group is handling it (client or member id). */
  getMember(): string {
    return this.args[4];
  }
}
