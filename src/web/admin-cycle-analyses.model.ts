import { ANALYSIS_DEFAULTS, ANALYSIS_NORMALISATIONS } from '../analysis/analysis-spec';
import type { AnalysisView } from '../analysis/analysis.view';
import type { FieldLabels, Refusal } from './catalog-forms';
import { formList } from './catalog-forms';
import { formNumber, formText, type FormBody } from './form-values';
import type { Translate } from './i18n';
import { sourceWords } from './ranking-intervals.model';
import { formatDate } from './view-setup';

/**
 * The admin cycle page's form asking how sure the ranks are (issue #22): what the admin typed, kept as typed to show
 * the form again, and the API's request body it means (RequestAnalysisDto checks it, AnalysisService decides, the
 * same as for POST /api/v1/cycles/:cycleId/analyses).
 */
export interface AnalysisTyped {
  /** The weights' range in percent (COINr's noise: each weight × (1 ± this)); empty: the weights are no source. */
  weightsPercent: string;
  aggregation: boolean;
  normalisation: string[];
  reviewers: boolean;
  samples: string;
  seed: string;
  sensitivitySamples: string;
}

/** The form as it first shows: ± 25 % on the weights and the aggregation, the API's own defaults for the numbers. */
export const ANALYSIS_FORM_DEFAULTS: AnalysisTyped = {
  weightsPercent: '25',
  aggregation: true,
  normalisation: [],
  reviewers: false,
  samples: String(ANALYSIS_DEFAULTS.samples),
  seed: String(ANALYSIS_DEFAULTS.seed),
  sensitivitySamples: String(ANALYSIS_DEFAULTS.sensitivitySamples),
};

/** What the form sent. A checkbox not ticked is absent from the body. */
export function analysisTyped(body: FormBody): AnalysisTyped {
  return {
    weightsPercent: formText(body.weightsPercent).trim(),
    aggregation: formText(body.aggregation) === 'true',
    normalisation: formList(body.normalisation),
    reviewers: formText(body.reviewers) === 'true',
    samples: formText(body.samples).trim(),
    seed: formText(body.seed).trim(),
    sensitivitySamples: formText(body.sensitivitySamples).trim(),
  };
}

/**
 * The API's request body of the form: the percent as the weights' factor (25 → 0.25; a text that is no number is
 * passed on for the DTO to refuse), a number left empty absent (the API's default), an unticked source absent.
 */
export function analysisRequestOf(typed: AnalysisTyped): Record<string, unknown> {
  const sources: Record<string, unknown> = {};
  const percent = formNumber(typed.weightsPercent);
  if (percent !== null) sources.weights = { kind: 'range', factor: typeof percent === 'number' ? percent / 100 : percent };
  if (typed.aggregation) sources.aggregation = true;
  if (typed.normalisation.length) sources.normalisation = typed.normalisation;
  if (typed.reviewers) sources.reviewers = true;
  const plain: Record<string, unknown> = { sources };
  for (const name of ['samples', 'seed', 'sensitivitySamples'] as const) {
    const value = formNumber(typed[name]);
    if (value !== null) plain[name] = value;
  }
  return plain;
}

/** The API's field names of the request as the form's fields: their labels and the inputs a problem links to. */
export function analysisFieldLabels(t: Translate): FieldLabels {
  return {
    'sources.weights.factor': { label: t('ana.weights'), id: 'an-weights' },
    'sources.weights': { label: t('ana.weights'), id: 'an-weights' },
    'sources.aggregation': { label: t('ana.aggregation'), id: 'an-aggregation' },
    'sources.normalisation': { label: t('ana.normalisation'), id: `an-normalisation-${ANALYSIS_NORMALISATIONS[0]}` },
    'sources.reviewers': { label: t('ana.reviewers'), id: 'an-reviewers' },
    sources: { label: t('ana.sources'), id: 'an-weights' },
    samples: { label: t('ana.samples'), id: 'an-samples' },
    seed: { label: t('ana.seed'), id: 'an-seed' },
    sensitivitySamples: { label: t('ana.sensitivitySamples'), id: 'an-sensitivitySamples' },
  };
}

/**
 * The weights' bounds said in the form's unit: the API bounds the factor (0–0.99), the form asks for percent, so a
 * refused bound reads "between 0 and 99" rather than the factor's numbers.
 */
export function inPercent(refusal: Refusal, t: Translate): Refusal {
  const field = 'sources.weights.factor';
  const bounded = refusal.problems.some((p) => p.field === field && (p.rule === 'min' || p.rule === 'max'));
  if (!bounded) return refusal;
  const text = t('field.between', { min: 0, max: 99 });
  return {
    ...refusal,
    problems: refusal.problems.map((p) => (p.field === field ? { ...p, message: `${t('ana.weights')}: ${text}` } : p)),
    byField: { ...refusal.byField, [field]: text },
  };
}

/** One analysis as the page lists it. */
export interface AnalysisRow {
  id: string;
  runId: string;
  runAt: Date | null;
  status: AnalysisView['status'];
  progress: number;
  error: string | null;
  spec: string;
  /** The number of samples in words ("200 mẫu"): the spec in short, for the publish form's choice. */
  samples: string;
  seed: number;
  createdAt: Date;
  finishedAt: Date | null;
  /** "Đã công bố trong phiên bản N" when a publication froze it. */
  published: string | null;
  json: string;
}

/** The cycle's analyses as rows: the spec in the public page's words, the version that froze it. */
export function analysisRows(analyses: AnalysisView[], runs: Array<{ id: string; createdAt: Date }>, versions: Map<string, number>, t: Translate): AnalysisRow[] {
  const runAt = new Map(runs.map((r) => [r.id, r.createdAt]));
  return analyses.map((a) => {
    const sources = sourceWords(a.spec.sources, t).join('; ');
    const sensitivity = a.spec.sensitivitySamples > 0 ? `; ${t('ana.specSensitivity', { n: a.spec.sensitivitySamples })}` : '';
    const version = a.publicationId ? versions.get(a.publicationId) : undefined;
    return {
      id: a.id,
      runId: a.runId,
      runAt: runAt.get(a.runId) ?? null,
      status: a.status,
      progress: a.progress,
      error: a.error,
      spec: `${t('ana.specSamples', { n: a.spec.samples })}: ${sources}${sensitivity}`,
      samples: t('ana.specSamples', { n: a.spec.samples }),
      seed: a.spec.seed,
      createdAt: a.createdAt,
      finishedAt: a.finishedAt,
      published: a.publicationId ? t('ana.publishedIn', { version: version ?? '?' }) : null,
      json: `/api/v1/analyses/${a.id}`,
    };
  });
}

/**
 * The analyses a publish or correct form of a run may freeze: that run's succeeded ones, newest first (the first is
 * the one the service publishes by default, the run's latest succeeded one).
 */
export function publishChoices(rows: AnalysisRow[], runId: string): Array<{ id: string; label: string }> {
  return rows
    .filter((a) => a.runId === runId && a.status === 'succeeded' && a.finishedAt)
    .sort((a, b) => b.finishedAt!.getTime() - a.finishedAt!.getTime())
    .map((a) => ({ id: a.id, label: `${formatDate(a.finishedAt!)} · ${a.samples} · seed ${a.seed}` }));
}
