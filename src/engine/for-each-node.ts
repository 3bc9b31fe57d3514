import { LazyUnitResult } from './stages/lazy-unit-result';
import type { NodeVisitor, UnitResult } from './types';

/**
 * Every node result of a unit, in the order of `unit.nodes`' keys, without a record per node: the engine's own
 * results are read straight from the run's columns into one reused cursor, the same numbers `unit.nodes` gives, bit
 * for bit. A consumer of every node of every unit (a score run storing them: 2.24 M records at 10,000 units × 200
 * indicators) reads them so; `unit.nodes` stays for the few. Any other UnitResult (screened out, parsed back from
 * JSON, or whose `nodes` were already read or assigned) is visited from its records.
 */
export function forEachNode(unit: UnitResult, visit: NodeVisitor): void {
  if (unit instanceof LazyUnitResult && unit.visitNodes(visit)) return;
  const nodes = unit.nodes;
  for (const code in nodes) visit(code, nodes[code]);
}
