import { EngineInputError } from '../errors';
import type { Plan } from '../plan';
import type { ScoreOptions, ScoreResult, UnitInput } from '../types';
import { UnitParser } from './parse';
import { prepareParsed } from './prepare';
import { laterStages } from './score-columns';

/** Units given out of code order: the stream cannot place them (its columns are in code order). */
export class UnitOrderError extends Error {
  override readonly name = 'UnitOrderError';
}

const NO_VALUES: UnitInput['values'] = Object.freeze({}) as UnitInput['values'];

/**
 * Units given one at a time, already in code order and each once (refused otherwise), parsed into the engine's
 * columns as they come: a caller reading them from a stream (a publication's verify) never holds them all. Only a
 * stub of each is kept (code, ranked, groups, manualPoints; no values), so a result's `raw` of a rule or normalised
 * leaf reads undefined; the stored shape (scoring's computeScores) does not read it. score() is scorePlan's result
 * for the same units, bit for bit.
 */
export class UnitStream {
  private readonly parser: UnitParser;
  private readonly units: UnitInput[] = [];

  /** `expected`: about how many units will come (the columns are sized for them; they grow past it). */
  constructor(
    private readonly plan: Plan,
    expected: number,
  ) {
    this.parser = new UnitParser(plan, expected);
  }

  add(unit: UnitInput): void {
    const last = this.units.length > 0 ? this.units[this.units.length - 1].code : undefined;
    if (last !== undefined && !(last < unit.code)) {
      throw last === unit.code
        ? new EngineInputError([{ code: 'duplicate_unit', unit: unit.code, message: `unit ${unit.code} is given twice` }])
        : new UnitOrderError(`units must come in code order: ${unit.code} after ${last}`);
    }
    this.parser.add(unit);
    const stub: UnitInput = { code: unit.code, values: NO_VALUES };
    if (unit.ranked !== undefined) stub.ranked = unit.ranked;
    if (unit.groups !== undefined) stub.groups = unit.groups;
    if (unit.manualPoints !== undefined) stub.manualPoints = unit.manualPoints;
    this.units.push(stub);
  }

  /** The units' results, as scorePlan gives them (refusing bad values, all at once). */
  score(options: ScoreOptions = {}): ScoreResult {
    const parsed = this.parser.finish();
    if (parsed.issues.length > 0) throw new EngineInputError(parsed.issues);
    const columns = prepareParsed(this.plan, this.units, parsed, options);
    return laterStages(this.plan, columns, columns.notes);
  }
}
