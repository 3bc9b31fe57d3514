import { seededRandom } from './demo-answers';

/** The notice's monthly statistic for one unit and month: its online (level 4, full) services among all of them. */
export interface OnlineServices {
  online: number;
  total: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * A seeded generator of what the national public service portal would report (issue #21, point 7): each unit's rate
 * of full online services climbs along an S-curve of its own, from a few per cent in January 2020 towards a level it
 * reaches in 2022–2023 (some units above the 80 % target, many below), with a little noise each month; its count of
 * services drifts up slowly. The same unit and month give the same counts on every machine.
 */
export function demoOnlineServices(unitCode: string, level: 'province' | 'ministry', year: number, month: number): OnlineServices {
  const unit = seededRandom(`online-services:${level}:${unitCode}`);
  const start = 0.02 + 0.2 * unit();
  const end = 0.55 + 0.43 * unit();
  const middle = 8 + 22 * unit();
  const baseTotal = level === 'province' ? 1400 + Math.floor(700 * unit()) : 60 + Math.floor(540 * unit());
  const k = (year - 2020) * 12 + (month - 1);
  const noise = (seededRandom(`online-services:${level}:${unitCode}:${year}-${month}`)() - 0.5) * 0.02;
  const rate = clamp(start + (end - start) / (1 + Math.exp(-(k - middle) / 4)) + noise, 0, 1);
  const total = baseTotal + Math.floor(k / 6);
  return { online: Math.round(rate * total), total };
}

/** Whether the unit's values of the month reach the feed late, in a second push: about one unit in twenty. */
export const arrivesLate = (unitCode: string, year: number, month: number): boolean => seededRandom(`late:${unitCode}:${year}-${month}`)() < 0.05;
