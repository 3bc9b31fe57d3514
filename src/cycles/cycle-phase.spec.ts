import { canMove, canReach, CYCLE_PHASES, CyclePhase, PHASE_TRANSITIONS } from './cycle-phase';

describe('the phase table', () => {
  const allowed: [CyclePhase, CyclePhase][] = [
    [CyclePhase.Draft, CyclePhase.Open],
    [CyclePhase.Open, CyclePhase.Review],
    [CyclePhase.Review, CyclePhase.Open],
    [CyclePhase.Review, CyclePhase.Scoring],
    [CyclePhase.Scoring, CyclePhase.Review],
    [CyclePhase.Scoring, CyclePhase.Published],
  ];

  it('allows exactly the moves of the yearly cycle, and refuses every other pair', () => {
    const pairs = CYCLE_PHASES.flatMap((from) => CYCLE_PHASES.map((to) => [from, to] as [CyclePhase, CyclePhase]));
    expect(pairs).toHaveLength(25);
    for (const [from, to] of pairs) {
      const expected = allowed.some(([f, t]) => f === from && t === to);
      expect([from, to, canMove(from, to)]).toEqual([from, to, expected]);
    }
  });

  it('a system-only cycle (no self-assessment, no review) goes from open to scoring and back, never through review', () => {
    const systemOnly: [CyclePhase, CyclePhase][] = [
      [CyclePhase.Draft, CyclePhase.Open],
      [CyclePhase.Open, CyclePhase.Scoring],
      [CyclePhase.Review, CyclePhase.Open],
      [CyclePhase.Review, CyclePhase.Scoring],
      [CyclePhase.Scoring, CyclePhase.Open],
      [CyclePhase.Scoring, CyclePhase.Published],
    ];
    for (const from of CYCLE_PHASES) {
      for (const to of CYCLE_PHASES) {
        const expected = systemOnly.some(([f, t]) => f === from && t === to);
        expect([from, to, canMove(from, to, true)]).toEqual([from, to, expected]);
      }
    }
  });

  it('has no way out of published', () => {
    expect(PHASE_TRANSITIONS[CyclePhase.Published]).toEqual([]);
  });

  it('reaches open again from every phase but published (review and scoring move back), and published from all', () => {
    expect(CYCLE_PHASES.map((from) => [from, canReach(from, CyclePhase.Open)])).toEqual([
      [CyclePhase.Draft, true],
      [CyclePhase.Open, true],
      [CyclePhase.Review, true],
      [CyclePhase.Scoring, true],
      [CyclePhase.Published, false],
    ]);
    expect(CYCLE_PHASES.every((from) => canReach(from, CyclePhase.Published))).toBe(true);
    expect(canReach(CyclePhase.Open, CyclePhase.Draft)).toBe(false);
  });
});
