/** Who did it: a person acting for an agency in a role, or a system component. */
export interface Actor {
  readonly userId: string;
  readonly role?: string;
  readonly agencyId?: string;
}

/**
 * Metadata every Baton event carries. `occurredAt` is business time (when it happened in the world);
 * `recordedAt` is system time, stamped by the event store when the event is committed.
 */
export interface EventMetadata {
  readonly occurredAt?: string;
  readonly recordedAt?: string;
  readonly actor?: Actor;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** W3C trace context of the request that caused the event. */
  readonly traceparent?: string;
  readonly [key: string]: unknown;
}

/** A past-tense business fact of one stream type. `type` is a stable string that never follows a rename. */
export type Event<Type extends string = string, Data = unknown> = Readonly<{
  type: Type;
  data: Data;
}>;

export interface CommandMetadata {
  /** The instant the command is decided at: deciders never read the clock. */
  readonly now: string;
  readonly actor?: Actor;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
}

export type Command<Type extends string = string, Data = unknown> = Readonly<{
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}>;

export type EventType<E extends Event> = E['type'];
export type EventOfType<E extends Event, T extends E['type']> = Extract<E, { type: T }>;
