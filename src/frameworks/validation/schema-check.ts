import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import frameworkSchema from '../../../config/frameworks/framework.schema.json';
import { FrameworkIssue, joinPath, pointerToPath, pointerToSegments, PathSegment } from './issue';
import { isRecord, stringAt } from './loose';

// strictRequired is off because if/then branches name properties that the branch itself does not declare.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const validateShape = ajv.compile(frameworkSchema);

/** The shape errors of a document, in this project's path style, one per path and rule. */
export function checkSchema(doc: unknown): FrameworkIssue[] {
  if (validateShape(doc)) return [];
  return (validateShape.errors ?? [])
    .filter((error) => error.keyword !== 'if') // "must match then": its inner errors say what is wrong
    .map((error) => translate(error, doc));
}

function translate(error: ErrorObject, doc: unknown): FrameworkIssue {
  const segments = pointerToSegments(error.instancePath);
  const at = pointerToPath(error.instancePath);
  const parent = valueAt(doc, segments);
  const owner = describeOwner(segments, parent);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const key = String(params.missingProperty);
      return { path: joinPath(at, key), rule: 'required', message: requiredMessage(key, owner, parent) };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const message = owner ? `is not a parameter of ${owner}` : 'is not a known key';
      return { path: joinPath(at, key), rule: 'unknown-key', message };
    }
    case 'false schema':
      return { path: at, rule: 'group-with-leaf-field', message: 'a group (a node with children) cannot have this leaf field' };
    case 'enum':
      return { path: at, rule: enumRule(segments), message: enumMessage(valueAt(doc, segments), params.allowedValues) };
    case 'const':
      return { path: at, rule: 'enum', message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { path: at, rule: 'type', message: `must be ${String(params.type)}` };
    case 'exclusiveMinimum':
      if (params.limit === 0) return { path: at, rule: 'positive', message: 'must be greater than 0' };
      return { path: at, rule: 'range', message: error.message ?? 'out of range' };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return { path: at, rule: 'range', message: error.message ?? 'out of range' };
    case 'minItems':
      return { path: at, rule: 'min-items', message: `must have at least ${String(params.limit)} item(s)` };
    case 'uniqueItems':
      return { path: joinPath(at, Number(params.i)), rule: 'unique', message: `repeats item ${String(params.j)}` };
    case 'pattern':
      return { path: at, rule: 'pattern', message: patternMessage(segments) };
    case 'minLength':
      return { path: at, rule: 'required', message: 'must not be empty' };
    default:
      return { path: at, rule: error.keyword, message: error.message ?? error.keyword };
  }
}

function valueAt(doc: unknown, segments: PathSegment[]): unknown {
  let value = doc;
  for (const segment of segments) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isRecord(value) && typeof segment === 'string') value = value[segment];
    else return undefined;
  }
  return value;
}

/** `rule "ratio"` for a scoring object, `normalization "goalposts"`, `input type "numbers"`; else undefined. */
function describeOwner(segments: PathSegment[], value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const last = segments[segments.length - 1];
  const rule = stringAt(value, 'rule');
  if (last === 'scoring' && rule !== undefined) return `rule "${rule}"`;
  const method = stringAt(value, 'method');
  if (last === 'normalization' && method !== undefined) return `normalization "${method}"`;
  const type = stringAt(value, 'type');
  if (last === 'input' && type !== undefined) return `input type "${type}"`;
  const take = stringAt(value, 'take');
  if (last === 'monitored' && take !== undefined) return `take "${take}"`;
  return undefined;
}

function requiredMessage(key: string, owner: string | undefined, parent: unknown): string {
  if (owner) return `required by ${owner}`;
  if (key === 'input' && isRecord(parent) && 'code' in parent) return 'required for a leaf (a node without children)';
  if (key === 'maxPoints' && isRecord(parent) && isRecord(parent.scoring)) {
    return 'required by a scoring rule: it scores in 0..maxPoints';
  }
  return 'is required';
}

function enumRule(segments: PathSegment[]): string {
  const [owner, key] = segments.slice(-2);
  if (owner === 'scoring' && key === 'rule') return 'unknown-rule';
  if (owner === 'input' && key === 'type') return 'unknown-input-type';
  if (owner === 'normalization' && key === 'method') return 'unknown-normalization';
  return 'enum';
}

function enumMessage(value: unknown, allowed: unknown): string {
  const list = Array.isArray(allowed) ? allowed.map((item) => String(item)).join(', ') : '';
  return `${JSON.stringify(value)} is not one of: ${list}`;
}

function patternMessage(segments: PathSegment[]): string {
  if (segments.includes('names')) return 'must be a name: a letter or "_", then letters, digits or "_"';
  if (segments[segments.length - 1] === 'at') {
    return segments.includes('monitored') ? 'must be a day of the year, MM-DD (e.g. 06-30)' : 'must be a date, YYYY-MM-DD (e.g. 2020-12-31)';
  }
  return 'must be a code: a letter or digit, then letters, digits, ".", "_" or "-"';
}
