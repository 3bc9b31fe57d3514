import { benchFramework, benchUnits } from '../bench/engine.bench';
import { score } from '../engine';
import { compileFramework } from '../frameworks/compiled-framework';
import { selfScore } from './self-score';

/**
 * The running self-score of a save is scored on the framework compiled once and kept (FrameworksService.compiled):
 * it must be, bit for bit, what scoring the unit afresh gives, whatever units the kept plan scored before.
 */
describe('selfScore on a kept compiled framework', () => {
  const framework = benchFramework(200);
  const units = benchUnits(framework, 30);
  const fresh = (u: (typeof units)[number]) => {
    const [result] = score(structuredClone(framework), [{ code: u.code, values: u.values, manualPoints: {} }], { rankNodes: 'none' }).units;
    return {
      index: result.index,
      indexRounded: result.indexRounded,
      nodes: Object.fromEntries(Object.entries(result.nodes).map(([code, n]) => [code, { points: n.points, maxPoints: n.maxPoints, value: n.value }])),
    };
  };

  it('equals a full score of the unit, for each unit in turn and again in reverse order', () => {
    const kept = compileFramework('kept', structuredClone(framework));
    for (const u of [...units, ...[...units].reverse()]) {
      expect(selfScore(kept, u.code, { answers: u.values, selfPoints: {}, systemValues: {} })).toEqual(fresh(u));
    }
  });

  it('reads a system value as an answer, the system value winning', () => {
    const kept = compileFramework('kept', structuredClone(framework));
    const [a, b] = units;
    const [code] = Object.keys(b.values);
    const mixed = selfScore(kept, a.code, { answers: a.values, selfPoints: {}, systemValues: { [code]: b.values[code] } });
    expect(mixed).toEqual(fresh({ ...a, values: { ...a.values, [code]: b.values[code] } }));
  });

  it('keeps the document frozen, so that no reader changes what the next one reads', () => {
    const kept = compileFramework('kept', structuredClone(framework));
    const leaf = kept.document.nodes[0].children![0].children![0];
    expect(Object.isFrozen(kept.document)).toBe(true);
    expect(Object.isFrozen(leaf)).toBe(true);
    expect(() => {
      (leaf as { maxPoints?: number }).maxPoints = 99;
    }).toThrow(TypeError);
  });
});
