import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { previousYearCycle } from '../cycles/cycles.queries';
import type { CycleRow } from '../cycles/cycle-row';
import type { RawValue } from '../engine/types';
import type { CompiledFramework } from '../frameworks/compiled-framework';
import { FrameworksService } from '../frameworks/frameworks.service';
import { answerValueShare, unitAnswersTo } from './answers.queries';
import { needsLastYearShare, plausibilityWarnings, type PlausibilityContext, type PlausibilityWarning } from './plausibility';

/** Last year as the plausibility rules compare with it: its cycle and the framework it used. */
interface LastYear {
  cycleId: string;
  framework: CompiledFramework;
}

/**
 * Last year as the caller read it already with its own rows (a save's context, save-context.queries.ts): the cycle
 * of the year before, its framework, and the unit's answers there to at least the codes saved. Null: no such cycle.
 */
export interface KnownLastYear {
  cycleId: string;
  frameworkId: string;
  answers: ReadonlyMap<string, RawValue>;
}

/**
 * The plausibility warnings of a save's answers, with what the rules compare them with: the unit's answers in last
 * year's cycle (the same level and scope, the year before) when that cycle used the same framework code and asked the
 * indicator with the same input type; else only the rules that need no history apply.
 */
@Injectable()
export class PlausibilityService {
  constructor(private readonly frameworks: FrameworksService) {}

  async warnings(
    manager: EntityManager,
    cycle: CycleRow,
    framework: CompiledFramework,
    unitId: string,
    answers: Array<{ indicatorCode: string; value: RawValue }>,
    known?: KnownLastYear | null,
  ): Promise<Map<string, PlausibilityWarning[]>> {
    const leaves = framework.leaves;
    const lastYear = answers.some((a) => a.value !== null) ? await this.lastYear(manager, cycle, framework, known) : null;
    const comparable = lastYear
      ? answers.filter((a) => {
          const before = lastYear.framework.leaves.get(a.indicatorCode)?.node;
          return before && before.input?.type === leaves.get(a.indicatorCode)?.node.input?.type;
        })
      : [];
    // The unit's submission and its answers last year in one round trip (none when the caller read them).
    const before = !lastYear || !comparable.length ? [] : known ? knownAnswers(known, comparable) : await unitAnswersTo(manager, lastYear.cycleId, unitId, comparable.map((a) => a.indicatorCode));
    const lastValues = new Map(before.map((a) => [a.indicatorCode, a.value]));
    const out = new Map<string, PlausibilityWarning[]>();
    for (const answer of answers) {
      const leaf = leaves.get(answer.indicatorCode)?.node;
      if (!leaf) continue;
      const context: PlausibilityContext = { lastYear: lastValues.get(answer.indicatorCode) };
      if (lastYear && comparable.includes(answer) && needsLastYearShare(leaf, answer.value)) {
        context.lastYearShare = await answerValueShare(manager, lastYear.cycleId, answer.indicatorCode, answer.value as number);
      }
      out.set(answer.indicatorCode, plausibilityWarnings(leaf, answer.value, context));
    }
    return out;
  }

  private async lastYear(manager: EntityManager, cycle: CycleRow, framework: CompiledFramework, known?: KnownLastYear | null): Promise<LastYear | null> {
    const previous = known === undefined ? await previousYearCycle(manager, cycle) : known && { id: known.cycleId, frameworkId: known.frameworkId };
    if (!previous) return null;
    const before = await this.frameworks.compiled(manager, previous.frameworkId);
    return before.document.code === framework.document.code ? { cycleId: previous.id, framework: before } : null;
  }
}

/** The known answers of last year to the comparable codes (an unanswered one absent), as unitAnswersTo reads them. */
function knownAnswers(known: KnownLastYear, comparable: Array<{ indicatorCode: string }>): Array<{ indicatorCode: string; value: RawValue }> {
  return comparable.filter((a) => known.answers.has(a.indicatorCode)).map((a) => ({ indicatorCode: a.indicatorCode, value: known.answers.get(a.indicatorCode)! }));
}
