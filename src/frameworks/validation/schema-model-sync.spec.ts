import frameworkSchema from '../../../config/frameworks/framework.schema.json';
import type {
  Band,
  ChoiceOption,
  ExpectedSpec,
  Framework,
  FrameworkNode,
  IndicatorTarget,
  InputSpec,
  LocalizedText,
  MonitoredSpec,
  Pillar,
  PillarMember,
  Pipeline,
  ResultSpec,
  TargetPoint,
} from '../../engine/framework.model';

/**
 * The schema mirrors the engine's model. These records must name every key of each model type, so `tsc` fails
 * here when the model gains a field, and the test fails when the schema does not declare it.
 */
type Keys<T> = Record<keyof Required<T>, true>;

const framework: Keys<Framework> = {
  code: true, version: true, level: true, year: true, period: true, name: true, source: true, sourceEn: true, result: true,
  aggregation: true, missing: true, pipeline: true, pillars: true, targets: true, nodes: true,
};
const node: Keys<FrameworkNode> = {
  code: true, name: true, description: true, maxPoints: true, weight: true, aggregation: true, children: true,
  input: true, scoring: true, source: true, evidence: true, required: true, direction: true, normalization: true,
  denominator: true, illustrative: true, expected: true, monitored: true,
};
const monitored: Keys<MonitoredSpec> = { framework: true, indicator: true, take: true, at: true };
const target: Keys<IndicatorTarget> = { indicator: true, start: true, by: true, description: true };
const targetPoint: Keys<TargetPoint> = { at: true, value: true };
const expected: Keys<ExpectedSpec> = { min: true, max: true, change: true };
const input: Keys<InputSpec> = { type: true, min: true, max: true, names: true, unit: true };
const result: Keys<ResultSpec> = { scale: true, precision: true, rankWithin: true };
const pipeline: Keys<Pipeline> = { denominate: true, impute: true, screen: true, treat: true };
const screen: Keys<NonNullable<Pipeline['screen']>> = { minAvailability: true, basis: true };
const treat: Keys<NonNullable<Pipeline['treat']>> = { skew: true, kurtosis: true, maxWinsorised: true, fallback: true };
const impute: Keys<NonNullable<Pipeline['impute']>> = { method: true, group: true };
const pillar: Keys<Pillar> = { code: true, name: true, aggregation: true, members: true };
const member: Keys<PillarMember> = { node: true, weight: true };
const text: Keys<LocalizedText> = { vi: true, en: true };
const band: Keys<Band> = { min: true, points: true };
const option: Keys<ChoiceOption> = { value: true, points: true, label: true };

type SchemaObject = { properties?: Record<string, SchemaObject>; items?: SchemaObject; [key: string]: unknown };
const schema = frameworkSchema as unknown as SchemaObject & { $defs: Record<string, SchemaObject> };
const defs = schema.$defs;
const props = (object: SchemaObject | undefined): string[] => Object.keys(object?.properties ?? {});

describe('framework.schema.json declares every field of framework.model.ts', () => {
  it.each<[string, Record<string, true>, string[]]>([
    ['Framework', framework, props(schema)],
    ['FrameworkNode', node, props(defs.node)],
    ['InputSpec', input, props(defs.input)],
    ['ResultSpec', result, props(schema.properties?.result)],
    ['Pipeline', pipeline, props(defs.pipeline)],
    ['Pipeline.screen', screen, props(defs.pipeline.properties?.screen)],
    ['Pipeline.treat', treat, props(defs.pipeline.properties?.treat)],
    ['Pipeline.impute', impute, props(defs.pipeline.properties?.impute)],
    ['Pillar', pillar, props(defs.pillar)],
    ['PillarMember', member, props(defs.pillar.properties?.members.items)],
    ['LocalizedText', text, props(defs.localizedText)],
    ['Band', band, props(defs.band)],
    ['ChoiceOption', option, props(defs.choiceOption)],
    ['ExpectedSpec', expected, props(defs.expected)],
    ['MonitoredSpec', monitored, props(defs.monitored)],
    ['IndicatorTarget', target, props(defs.target)],
    ['TargetPoint', targetPoint, props(defs.targetPoint)],
  ])('%s', (_type, modelKeys, schemaKeys) => {
    expect(schemaKeys).toEqual(expect.arrayContaining(Object.keys(modelKeys)));
  });
});
