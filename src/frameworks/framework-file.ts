import { Composer, type CST, type Document, isNode, LineCounter, Parser, parseDocument, YAMLParseError } from 'yaml';
import { FRAMEWORK_LIMITS, type FrameworkLimitBreach } from './framework-limits';
import { checkDocumentShape, checkYamlTokens } from './framework-structure';
import { FrameworkValidation, validateFramework } from './framework-validator';
import { FrameworkIssue, pathToSegments } from './validation/issue';

export type FrameworkFormat = 'yaml' | 'json';

export type ParsedFrameworkText =
  | { ok: true; doc: unknown; format: FrameworkFormat; lineOf: (path: string) => number | undefined }
  | { ok: false; errors: FrameworkIssue[] };

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;
const YAML_MEDIA_TYPE = /^(?:application|text)\/(?:x-)?yaml\b/i;

/** YAML or JSON by the file's extension, else by its media type (an upload's), else by its first character. */
export function formatOf(text: string, fileName: string, mediaType = ''): FrameworkFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (JSON_MEDIA_TYPE.test(mediaType)) return 'json';
  if (YAML_MEDIA_TYPE.test(mediaType)) return 'yaml';
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/**
 * Parse a framework file's text; a syntax error or a broken limit (FRAMEWORK_LIMITS: size, depth, entries, aliases)
 * is reported as an issue, with its line where known, never thrown. JSON is parsed as JSON, never through YAML.
 */
export function parseFrameworkText(text: string, fileName: string, mediaType?: string): ParsedFrameworkText {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > FRAMEWORK_LIMITS.bytes) {
    const limit = FRAMEWORK_LIMITS.bytes;
    return fail({ path: '', rule: 'size', limit, message: `${fileName} has ${bytes} bytes; the limit is ${limit} bytes` });
  }
  const source = text.replace(/^\uFEFF/, '');
  const format = formatOf(source, fileName, mediaType);
  const parsed = format === 'json' ? parseJson(source) : parseYaml(source);
  if (!parsed.ok) return parsed;
  // No line for these: finding it would parse the too deep or too wide text once more.
  const breach = checkDocumentShape(parsed.doc);
  return breach ? fail(limitIssue(breach, undefined)) : parsed;
}

/** Parse and validate; the issues carry the line of the value they name where it can be found. */
export function loadFrameworkText(text: string, fileName: string, mediaType?: string): FrameworkValidation {
  const parsed = parseFrameworkText(text, fileName, mediaType);
  if (!parsed.ok) return parsed;
  const result = validateFramework(parsed.doc);
  if (result.ok) return result;
  return { ok: false, errors: result.errors.map((issue) => withLine(issue, parsed.lineOf(issue.path))) };
}

/** Validate a document parsed already (a JSON body): within the limits of depth and entries first, then the validator. */
export function loadFrameworkDocument(doc: unknown): FrameworkValidation {
  const breach = checkDocumentShape(doc);
  return breach ? fail(limitIssue(breach, undefined)) : validateFramework(doc);
}

/** The issue of a broken limit: its rule, its value, where. */
export function limitIssue(breach: FrameworkLimitBreach, line: number | undefined): FrameworkIssue {
  return withLine({ path: breach.path, rule: breach.rule, message: breach.message, limit: breach.limit }, line);
}

/**
 * yaml's own Parser first (no recursion), its tree checked against the limits, then the composer on the same tokens
 * (as parseDocument does): the composer's recursion and its duplicate-key check (uniqueKeys, which compares each key
 * with the keys before it) then only ever see a file within the limits. maxAliasCount bounds what aliases expand to.
 */
function parseYaml(text: string): ParsedFrameworkText {
  const lineCounter = new LineCounter();
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const breach = checkYamlTokens(tokens);
  if (breach) return fail(limitIssue(breach, lineCounter.linePos(breach.offset).line));
  const document = composeOne(tokens, text.length);
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        const where = `line ${position.line}, column ${position.col}: `;
        return withLine({ path: '', rule: 'syntax', message: `YAML: ${where}${error.message}` }, position.line);
      }),
    };
  }
  try {
    const doc: unknown = document.toJS({ maxAliasCount: FRAMEWORK_LIMITS.aliases });
    return { ok: true, doc, format: 'yaml', lineOf: lineFinder(text) };
  } catch (error) {
    const message = (error as Error).message;
    if (/excessive alias count/i.test(message)) {
      const limit = FRAMEWORK_LIMITS.aliases;
      return fail({ path: '', rule: 'aliases', limit, message: `YAML aliases expand to more than ${limit} times their anchors (the limit is ${limit})` });
    }
    return fail({ path: '', rule: 'syntax', message: `YAML: ${message}` });
  }
}

/** The one document of the tokens, as parseDocument makes it (a second document is an error). */
function composeOne(tokens: CST.Token[], length: number): Document.Parsed {
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true });
  let document: Document.Parsed | undefined;
  for (const composed of composer.compose(tokens, true, length)) {
    if (!document) {
      document = composed;
    } else {
      document.errors.push(new YAMLParseError([composed.range[0], composed.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  return document!;
}

function parseJson(text: string): ParsedFrameworkText {
  try {
    const doc: unknown = JSON.parse(text);
    return { ok: true, doc, format: 'json', lineOf: lineFinder(text) };
  } catch (error) {
    const message = (error as Error).message;
    // Node gives the offset of most JSON errors; the others ("Unexpected token") quote the text around it instead.
    const offset = /position (\d+)/.exec(message);
    const position = offset ? positionOf(text, Number(offset[1])) : undefined;
    const where = position ? `line ${position.line}, column ${position.col}: ` : '';
    return fail(withLine({ path: '', rule: 'syntax', message: `JSON: ${where}${message}` }, position?.line));
  }
}

/**
 * Map an issue path to the line of the value it names, or of its nearest existing parent (a missing key is
 * reported at its object). Only asked for when there are issues to place, so a valid file is parsed once; the text
 * of a JSON file (parsed as JSON already, and within the limits) is then read through the YAML parser for its
 * positions, as YAML 1.2 is a superset of JSON.
 */
function lineFinder(text: string): (path: string) => number | undefined {
  let find: ((path: string) => number | undefined) | undefined;
  return (path) => (find ??= positionsOf(text))(path);
}

function positionsOf(text: string): (path: string) => number | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (document.errors.length > 0) return () => undefined;
  return (path) => {
    const segments = pathToSegments(path);
    for (let length = segments.length; length >= 0; length -= 1) {
      const node = length === 0 ? document.contents : document.getIn(segments.slice(0, length), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

function positionOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

function withLine(issue: FrameworkIssue, line: number | undefined): FrameworkIssue {
  return line === undefined ? issue : { ...issue, line };
}

function fail(issue: FrameworkIssue): { ok: false; errors: FrameworkIssue[] } {
  return { ok: false, errors: [issue] };
}
