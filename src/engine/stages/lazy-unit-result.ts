import type { NodeResult, NodeVisitor, PillarResult, UnitInput, UnitNote, UnitResult, UnitStatus } from '../types';

/** Builds a unit's node and pillar records on first read: one per run, shared by the run's units. */
export interface UnitRecords {
  nodesOf(u: number, unit: UnitInput): Record<string, NodeResult>;
  /** nodesOf's fields, node by node in its key order, without a record per node (forEachNode). */
  visitNodes(u: number, unit: UnitInput, visit: NodeVisitor): void;
  pillarsOf(u: number): Record<string, PillarResult>;
}

/** The fields of a scored unit's result that are there from the start, in their key order. */
export interface UnitHead {
  code: string;
  ranked: boolean;
  status: UnitStatus;
  index: number | null;
  indexRounded: number | null;
  rank: number | null;
}

/**
 * A scored unit's result whose `nodes` and `pillars` are built when first read and then kept: own enumerable
 * accessors, so JSON, spread, Object.keys and toEqual see plain values, in the keys' usual order. The accessors are
 * the same two functions for every unit (a defineProperty with closures of its own per unit left each result a
 * dictionary-mode object and cost eight closures); the unit's place is kept in private fields, which nothing lists.
 */
export class LazyUnitResult implements UnitResult {
  declare code: string;
  declare ranked: boolean;
  declare status: UnitStatus;
  declare index: number | null;
  declare indexRounded: number | null;
  declare rank: number | null;
  declare group?: string;
  declare groupRank?: number | null;
  declare nodes: Record<string, NodeResult>;
  declare pillars: Record<string, PillarResult>;
  declare notes: UnitNote[];

  readonly #records: UnitRecords;
  readonly #u: number;
  readonly #unit: UnitInput;
  #nodes: Record<string, NodeResult> | undefined = undefined;
  #pillars: Record<string, PillarResult> | undefined = undefined;

  static readonly #NODES: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyUnitResult) {
      return (this.#nodes ??= this.#records.nodesOf(this.#u, this.#unit));
    },
    set(this: LazyUnitResult, value: Record<string, NodeResult>) {
      this.#nodes = value;
    },
  };

  static readonly #PILLARS: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyUnitResult) {
      return (this.#pillars ??= this.#records.pillarsOf(this.#u));
    },
    set(this: LazyUnitResult, value: Record<string, PillarResult>) {
      this.#pillars = value;
    },
  };

  /**
   * Passes each node's result to `visit` straight from the run's columns (see forEachNode), unless the records were
   * already built or assigned: then they are what the result says (rankResults, for one, writes ranks into them).
   * False when it did not visit, and the caller reads `nodes`.
   */
  visitNodes(visit: NodeVisitor): boolean {
    if (this.#nodes !== undefined) return false;
    this.#records.visitNodes(this.#u, this.#unit, visit);
    return true;
  }

  /** `group` given: the run ranks within groups, and the result has `group` and `groupRank`. */
  constructor(records: UnitRecords, u: number, unit: UnitInput, head: UnitHead, notes: UnitNote[], group?: { group: string; groupRank: number | null }) {
    this.#records = records;
    this.#u = u;
    this.#unit = unit;
    this.code = head.code;
    this.ranked = head.ranked;
    this.status = head.status;
    this.index = head.index;
    this.indexRounded = head.indexRounded;
    this.rank = head.rank;
    if (group) {
      this.group = group.group;
      this.groupRank = group.groupRank;
    }
    Object.defineProperty(this, 'nodes', LazyUnitResult.#NODES);
    Object.defineProperty(this, 'pillars', LazyUnitResult.#PILLARS);
    this.notes = notes;
  }
}
