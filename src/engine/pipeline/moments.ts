/**
 * Sample skewness and excess kurtosis with the small-sample corrections of Excel's SKEW and KURT (G1, G2): these
 * are what COINr's skew() and kurt() compute, and the only pair that reproduces ASEM_Treated_details.csv.
 */

export function skewness(x: ArrayLike<number>): number {
  const { n, m2, m3 } = moments(x);
  const g1 = m3 / Math.pow(m2, 1.5);
  return (g1 * Math.sqrt(n * (n - 1))) / (n - 2);
}

export function kurtosis(x: ArrayLike<number>): number {
  const { n, m2, m4 } = moments(x);
  const g2 = m4 / (m2 * m2) - 3;
  return (((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3));
}

function moments(x: ArrayLike<number>): { n: number; m2: number; m3: number; m4: number } {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) {
      n++;
      sum += v;
    }
  }
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    const d = v - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { n, m2: m2 / n, m3: m3 / n, m4: m4 / n };
}
