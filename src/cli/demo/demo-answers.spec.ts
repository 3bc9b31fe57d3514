import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Framework } from '../../engine/framework.model';
import { checkAnswers } from '../../submissions/answer-check';
import { demoAnswers, demoSystemValues, maturity } from './demo-answers';

const framework = parse(readFileSync(join(process.cwd(), 'config', 'frameworks', 'pdti-2022.yaml'), 'utf8')) as Framework;

describe('demo answers', () => {
  it('are valid answers for every leaf a unit answers, and the same every time', () => {
    const answers = demoAnswers(framework, '48', 2022);
    expect(checkAnswers(framework, answers).problems).toEqual([]);
    expect(demoAnswers(framework, '48', 2022)).toEqual(answers);
    expect(demoAnswers(framework, '01', 2022)).not.toEqual(answers);
  });

  it('give every system-measured leaf a value', () => {
    const values = demoSystemValues(framework, '48', 2022);
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => v.value !== null)).toBe(true);
  });

  it('let units improve year by year', () => {
    expect(maturity('48', 2023)).toBeGreaterThan(maturity('48', 2021) - 0.05);
  });
});
