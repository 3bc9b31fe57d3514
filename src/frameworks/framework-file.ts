import { isNode, LineCounter, parseDocument } from 'yaml';
import { FrameworkValidation, validateFramework } from './framework-validator';
import { FrameworkIssue, pathToSegments } from './validation/issue';

export type FrameworkFormat = 'yaml' | 'json';

export type ParsedFrameworkText =
  | { ok: true; doc: unknown; format: FrameworkFormat; lineOf: (path: string) => number | undefined }
  | { ok: false; errors: FrameworkIssue[] };

// A framework of a few thousand indicators is well under a megabyte; anything far beyond is a mistake or an attack.
export const MAX_FRAMEWORK_TEXT_LENGTH = 5_000_000;
// YAML aliases can multiply a small text into a huge document ("billion laughs"); real frameworks use none.
const MAX_ALIAS_COUNT = 100;

/** YAML or JSON by the file's extension, else by its first character. */
export function formatOf(text: string, fileName: string): FrameworkFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/** Parse a framework file's text; a syntax error is reported as an issue with its line, never thrown. */
export function parseFrameworkText(text: string, fileName: string): ParsedFrameworkText {
  if (text.length > MAX_FRAMEWORK_TEXT_LENGTH) {
    return fail({ path: '', rule: 'too-large', message: `${fileName} is longer than ${MAX_FRAMEWORK_TEXT_LENGTH} characters` });
  }
  const source = text.replace(/^\uFEFF/, '');
  const format = formatOf(source, fileName);
  return format === 'json' ? parseJson(source) : parseYaml(source);
}

/** Parse and validate; the issues carry the line of the value they name where it can be found. */
export function loadFrameworkText(text: string, fileName: string): FrameworkValidation {
  const parsed = parseFrameworkText(text, fileName);
  if (!parsed.ok) return parsed;
  const result = validateFramework(parsed.doc);
  if (result.ok) return result;
  return { ok: false, errors: result.errors.map((issue) => withLine(issue, parsed.lineOf(issue.path))) };
}

function parseYaml(text: string): ParsedFrameworkText {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
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
    const doc: unknown = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { ok: true, doc, format: 'yaml', lineOf: lineFinder(text) };
  } catch (error) {
    return fail({ path: '', rule: 'syntax', message: `YAML: ${(error as Error).message}` });
  }
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
 * reported at its object). JSON is read through the YAML parser too, as YAML 1.2 is a superset of it.
 */
function lineFinder(text: string): (path: string) => number | undefined {
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

function fail(issue: FrameworkIssue): ParsedFrameworkText {
  return { ok: false, errors: [issue] };
}
