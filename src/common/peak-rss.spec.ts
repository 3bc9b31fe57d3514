import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { peakRssBytes } from './peak-rss';

const MB = 1024 * 1024;

describe('peakRssBytes', () => {
  it('is at least what the process has resident now', () => {
    expect(peakRssBytes()).toBeGreaterThanOrEqual(process.memoryUsage().rss * 0.9);
  });

  // The export process and the bench's children are spawned by a worker that may hold hundreds of MB.
  (process.platform === 'linux' ? it : it.skip)("gives a spawned child's own peak, where getrusage's maxRSS gives its parent's", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dti-peak-rss-'));
    try {
      const source = readFileSync(join(__dirname, 'peak-rss.ts'), 'utf8');
      writeFileSync(join(dir, 'peak-rss.js'), ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText);
      const ballast = Buffer.alloc(300 * MB, 1);
      const child = `const { peakRssBytes } = require(${JSON.stringify(join(dir, 'peak-rss.js'))});
        console.log(JSON.stringify({ peak: peakRssBytes(), maxRSS: process.resourceUsage().maxRSS * 1024 }));`;
      const out = JSON.parse(execFileSync(process.execPath, ['-e', child]).toString()) as { peak: number; maxRSS: number };
      expect(ballast[ballast.length - 1]).toBe(1);
      expect(out.maxRSS).toBeGreaterThan(300 * MB);
      expect(out.peak).toBeLessThan(150 * MB);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
