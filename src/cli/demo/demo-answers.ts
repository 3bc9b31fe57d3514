import { createHash } from 'node:crypto';
import type { Framework, FrameworkNode } from '../../engine/framework.model';
import type { RawValue } from '../../engine/types';
import { frameworkLeaves } from '../../frameworks/framework-tree';
import { answeredByUnit, type AnswerInput } from '../../submissions/answer-check';

/** mulberry32 seeded from a text: the same unit and year give the same answers on every machine. */
export function seededRandom(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * How far along a unit is in a year (0..1): a stable level per unit plus progress each year, so that generated
 * rankings look like real ones (a spread, leaders that stay ahead, everyone improving).
 */
export function maturity(unitCode: string, year: number): number {
  const base = 0.25 + 0.55 * seededRandom(`maturity:${unitCode}`)();
  return clamp(base + 0.07 * (year - 2021) + 0.06 * (seededRandom(`year:${unitCode}:${year}`)() - 0.5), 0.05, 0.97);
}

/** A plausible value of a leaf's input type for a unit at level m. */
export function demoValue(leaf: FrameworkNode, m: number, random: () => number): RawValue {
  const noise = () => (random() - 0.5) * 0.3;
  const input = leaf.input;
  switch (input?.type) {
    case 'boolean':
      return random() < m;
    case 'percent':
      return round1(clamp((m + noise()) * 100, input.min ?? 0, input.max ?? 100));
    case 'integer':
    case 'number': {
      const lo = input.min ?? 0;
      const hi = input.max ?? (leaf.scoring?.rule === 'bands' ? Math.max(...leaf.scoring.bands.map((b) => b.min)) * 1.2 || 100 : 100);
      const v = lo + clamp(m + noise(), 0, 1) * (hi - lo);
      return input.type === 'integer' ? Math.round(v) : round1(v);
    }
    case 'choice': {
      const options = leaf.scoring?.rule === 'choice' ? leaf.scoring.options : [];
      return options[Math.round(clamp(m + noise(), 0, 1) * (options.length - 1))]?.value ?? null;
    }
    case 'numbers': {
      const [numerator, denominator] = input.names ?? ['numerator', 'denominator'];
      const d = 100 + Math.floor(random() * 900);
      return { [numerator]: Math.round(d * clamp(m + noise(), 0, 1)), [denominator]: d };
    }
    case 'text':
      return `Đã triển khai theo kế hoạch (mức ${Math.round(m * 100)}%)`;
    default:
      return null;
  }
}

/** The answers a unit gives to every leaf it answers itself, with its own points for the hand-scored ones. */
export function demoAnswers(framework: Framework, unitCode: string, year: number): AnswerInput[] {
  const m = maturity(unitCode, year);
  const random = seededRandom(`answers:${framework.code}:${unitCode}:${year}`);
  return frameworkLeaves(framework)
    .filter(({ node }) => answeredByUnit(node))
    .map(({ node }) => ({
      indicatorCode: node.code,
      value: demoValue(node, m, random),
      note: null,
      ...(node.scoring?.rule === 'manual' ? { selfPoints: Math.round(clamp(m + (random() - 0.5) * 0.2, 0, 1) * (node.maxPoints ?? 0) * 2) / 2 } : {}),
    }));
}

/** The values a national system measured for a unit (the `source: system` leaves). */
export function demoSystemValues(framework: Framework, unitCode: string, year: number): { indicatorCode: string; value: RawValue }[] {
  const m = maturity(unitCode, year);
  const random = seededRandom(`system:${framework.code}:${unitCode}:${year}`);
  return frameworkLeaves(framework)
    .filter(({ node }) => node.source === 'system')
    .map(({ node }) => ({ indicatorCode: node.code, value: demoValue(node, m, random) }));
}
