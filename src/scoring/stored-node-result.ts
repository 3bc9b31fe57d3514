/** One node's result for one unit (points, value, contribution, rank), kept together per unit. */
export interface StoredNodeResult {
  value: number | null;
  points: number | null;
  maxPoints: number | null;
  contribution: number | null;
  rank: number | null;
  groupRank?: number | null;
}
