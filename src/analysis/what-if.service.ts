import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityNotFoundError } from 'typeorm';
import type { Actor } from '../auth/actor';
import { Role } from '../auth/role';
import { assertUnitAccess } from '../auth/unit-access';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { cycleRowById } from '../cycles/cycles.queries';
import { EngineFrameworkError, EngineInputError } from '../engine';
import { PublicationsService } from '../publications/publications.service';
import { hashInputs, loadScoreInputs, type ScoredUnitInput } from '../scoring/score-inputs';
import { latestSucceededRun } from '../scoring/score-runs.queries';
import { whatIf, whatIfBasis, type WhatIfBasis, type WhatIfChanges, type WhatIfResult } from './what-if';

/** What a what-if is scored against: the cycle's latest publication, else its latest succeeded score run. */
export interface WhatIfSource {
  kind: 'publication' | 'run';
  runId: string;
  inputsHash: string;
  publicationId: string | null;
  version: number | null;
}

export interface WhatIfAnswer extends WhatIfResult {
  basis: WhatIfSource;
}

interface Built {
  source: WhatIfSource;
  basis: WhatIfBasis;
  unitIds: Map<string, string>;
}

interface Cached {
  key: string;
  built: Promise<Built>;
}

/** Which basis, before it is read: a publication is immutable, so its id is key enough; a run's inputs hash is on its row. */
type SourceRef = Omit<WhatIfSource, 'inputsHash'> & { inputsHash: string | null };

/** Cycles whose basis is kept: each is the inputs of a whole run prepared (at 10,000 communes, some hundred MB). */
const CACHED_CYCLES = 3;

const sourceKey = (s: SourceRef): string => `${s.kind}:${s.publicationId ?? s.runId}:${s.inputsHash ?? ''}`;

/**
 * The what-if of one unit (issue #22 point 5): its answers changed, scored against everyone else's frozen results.
 * After publication the officer reads the published results, so the basis is the cycle's latest publication (its
 * snapshot's framework, inputs and parameters); before, the latest succeeded run (its inputs read again, which must
 * still hash to the run's, as an analysis' must). The basis is prepared and scored once and kept for a few cycles, a
 * newer run or publication replacing it, so that a what-if costs only the engine's rescoreUnit per unit scored.
 */
@Injectable()
export class WhatIfService {
  private readonly cache = new Map<string, Cached>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly publications: PublicationsService,
  ) {}

  async whatIf(actor: Actor, cycleId: string, unitCode: string, values: Record<string, unknown>): Promise<WhatIfAnswer> {
    const changes = checkedChanges(values);
    const { source, basis, unitIds } = await this.basisOf(cycleId, await this.sourceOf(actor, cycleId));
    const unitId = unitIds.get(unitCode);
    if (unitId === undefined) throw DomainException.notFound('unit of the cycle', unitCode);
    assertUnitAccess(actor, unitId);
    const unknown = Object.keys(changes).filter((code) => !basis.leaves.has(code));
    if (unknown.length > 0) {
      throw DomainException.validation(unknown.map((code) => ({ field: `values.${code}`, rule: 'knownIndicator', message: `${code} is not an indicator (leaf) of the framework` })));
    }
    try {
      return { basis: source, ...whatIf(basis, unitCode, changes) };
    } catch (error) {
      throw refusalOf(error);
    }
  }

  /** The basis of the cycle now: its latest publication, else its latest succeeded run; an officer reads only the first. */
  private async sourceOf(actor: Actor, cycleId: string): Promise<SourceRef> {
    await cycleRowById(this.db.manager, cycleId).catch((error: unknown) => {
      throw error instanceof EntityNotFoundError ? DomainException.notFound('cycle', cycleId) : error;
    });
    const published = (await this.publications.list(cycleId)).at(-1);
    if (published) return { kind: 'publication', runId: published.runId, inputsHash: null, publicationId: published.id, version: published.version };
    if (actor.role === Role.Officer) {
      throw DomainException.conflict("the cycle's results are not published yet: an officer's what-if is scored against the published results");
    }
    const run = await latestSucceededRun(this.db.manager, cycleId);
    if (!run) throw DomainException.conflict('the cycle has no succeeded score run yet: run scoring first, then ask for a what-if');
    return { kind: 'run', runId: run.id, inputsHash: run.inputsHash, publicationId: null, version: null };
  }

  private async basisOf(cycleId: string, source: SourceRef): Promise<Built> {
    const key = sourceKey(source);
    const hit = this.cache.get(cycleId);
    if (hit?.key === key) return hit.built;
    const entry: Cached = { key, built: this.build(cycleId, source) };
    // Newest last: the oldest cycle leaves first. A failed build is not kept.
    this.cache.delete(cycleId);
    this.cache.set(cycleId, entry);
    while (this.cache.size > CACHED_CYCLES) this.cache.delete(this.cache.keys().next().value!);
    entry.built.catch(() => {
      if (this.cache.get(cycleId) === entry) this.cache.delete(cycleId);
    });
    return entry.built;
  }

  private async build(cycleId: string, ref: SourceRef): Promise<Built> {
    let units: ScoredUnitInput[];
    let basis: WhatIfBasis;
    let inputsHash: string;
    if (ref.kind === 'publication') {
      const snapshot = await this.publications.snapshotInputs(ref.publicationId!);
      units = snapshot.inputs.units;
      inputsHash = snapshot.run.inputsHash;
      basis = whatIfBasis(snapshot.framework.document, units, snapshot.run.parameters);
    } else {
      const inputs = await loadScoreInputs(this.db.manager, cycleId);
      inputsHash = hashInputs(inputs);
      if (inputsHash !== ref.inputsHash) {
        throw DomainException.conflict(`the cycle's inputs changed after score run ${ref.runId}: run scoring again, then ask for a what-if`);
      }
      units = inputs.units;
      basis = whatIfBasis(inputs.framework, units, inputs.parameters);
    }
    return { source: { ...ref, inputsHash }, basis, unitIds: new Map(units.map((u) => [u.code, u.unitId])) };
  }
}

const MAX_CHANGES = 500;

const isNumberMap = (v: object): boolean => !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'number' && Number.isFinite(x));

/** The body's values as a what-if's changes: each a scalar, null, or a formula's named numbers; else a 400 naming it. */
function checkedChanges(values: Record<string, unknown>): WhatIfChanges {
  const entries = Object.entries(values);
  if (entries.length > MAX_CHANGES) {
    throw DomainException.validation([{ field: 'values', rule: 'maxEntries', message: `values must have at most ${MAX_CHANGES} entries` }]);
  }
  const problems = entries
    .filter(([, v]) => !(v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= 200) || (typeof v === 'object' && isNumberMap(v))))
    .map(([code]) => ({ field: `values.${code}`, rule: 'answerType', message: `values.${code} must be a number, a string (≤ 200 characters), a boolean, null or an object of numbers` }));
  if (problems.length > 0) throw DomainException.validation(problems);
  return values as WhatIfChanges;
}

/** The engine's refusals as the API says them: a value a leaf refuses is a 400 naming values.<leaf> and the rule. */
function refusalOf(error: unknown): unknown {
  if (error instanceof EngineInputError) {
    return DomainException.validation(
      error.issues.map((issue) => ({ field: `values.${issue.indicator ?? ''}`, rule: issue.rule ? `${issue.code}:${issue.rule}` : issue.code, message: issue.message })),
    );
  }
  if (error instanceof EngineFrameworkError) {
    return new DomainException(ErrorCode.Conflict, `a what-if cannot be scored for this framework: ${error.message}`);
  }
  return error;
}
