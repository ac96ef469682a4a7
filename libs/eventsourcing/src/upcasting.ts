/**
 * Stored events keep the shape they were written with. An upcaster turns the data of
 * (stored type, schema version v) into the shape of version v + 1; the registry chains them up
 * to the current version, so deciders and projections only ever see the current shape.
 */
export interface StoredShape {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

export type Upcaster = (data: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

export class UpcasterRegistry {
  private readonly steps = new Map<string, Map<number, Upcaster>>();
  private readonly currentVersions = new Map<string, number>();

  /** Registers the step from `fromVersion` to `fromVersion + 1` for one stored type. */
  register(type: string, fromVersion: number, upcast: Upcaster): this {
    if (!Number.isInteger(fromVersion) || fromVersion < 1) {
      throw new Error(`Upcaster for ${type}: fromVersion must be an integer >= 1`);
    }
    const byVersion = this.steps.get(type) ?? new Map<number, Upcaster>();
    if (byVersion.has(fromVersion))
      throw new Error(`Upcaster for ${type} v${fromVersion} is already registered`);
    byVersion.set(fromVersion, upcast);
    this.steps.set(type, byVersion);
    this.currentVersions.set(type, Math.max(this.currentVersions.get(type) ?? 1, fromVersion + 1));
    return this;
  }

  /** The schema version new events of this type are written with. */
  currentVersion(type: string): number {
    return this.currentVersions.get(type) ?? 1;
  }

  upcast<T extends StoredShape>(event: T): T {
    const target = this.currentVersion(event.type);
    if (event.schemaVersion > target) {
      throw new Error(
        `Event ${event.type} has schema version ${event.schemaVersion}, newer than this code knows (${target})`,
      );
    }
    if (event.schemaVersion === target) return event;
    const byVersion = this.steps.get(event.type)!;
    let data = event.data;
    for (let v = event.schemaVersion; v < target; v++) {
      const step = byVersion.get(v);
      if (!step) throw new Error(`No upcaster for ${event.type} from schema version ${v}`);
      data = step(data);
    }
    return { ...event, data, schemaVersion: target };
  }
}
