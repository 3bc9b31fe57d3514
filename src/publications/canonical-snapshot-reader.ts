/**
 * Reads a publication snapshot's canonical JSON from its text, a piece at a time, never the whole of it: each
 * top-level field is handed over parsed, except the two large arrays (inputs.units and results), whose items are
 * handed over one by one. Made for canonical JSON (no whitespace), the only form a snapshot has; anything else is
 * refused as not a snapshot.
 */

/** The arrays read item by item: results, and the units of inputs. */
export type StreamedPath = 'results' | 'inputs.units';

export interface SnapshotVisitor {
  /** A top-level field other than results and inputs (a field of inputs other than units: "inputs.<key>"). */
  field?(key: string, value: unknown): void;
  /** An item of a streamed array, parsed; without `parse`, its JSON text. */
  item?(path: StreamedPath, value: unknown): void | Promise<void>;
  /** Which streamed arrays' items are parsed (default: both); the others' items are skipped unparsed. */
  parse?: (path: StreamedPath) => boolean;
  /** Asked after each item: true ends the read there (what was looked for is found; the rest is not read). */
  done?: () => boolean;
}

export class SnapshotSyntaxError extends Error {}

export async function readCanonicalSnapshot(text: AsyncIterable<string>, visit: SnapshotVisitor): Promise<void> {
  const at = new TextCursor(text[Symbol.asyncIterator]());
  await at.expect('{');
  if ((await at.peek()) === '}') return at.end();
  for (;;) {
    const key = await at.key();
    await at.expect(':');
    if (key === 'results') await streamArray(at, 'results', visit);
    else if (key === 'inputs') await readInputs(at, visit);
    else field(visit, key, await at.value());
    if (visit.done?.()) return;
    if ((await at.next()) === '}') return at.end();
  }
}

/**
 * The items of one streamed array, as their JSON text, pulled one at a time (the rest of the snapshot is read past,
 * item by item, never held): a second reader of the same snapshot, kept in step with one driven by readCanonicalSnapshot.
 */
export async function* snapshotItems(text: AsyncIterable<string>, path: StreamedPath): AsyncGenerator<string> {
  const at = new TextCursor(text[Symbol.asyncIterator]());
  await at.expect('{');
  if ((await at.peek()) === '}') return;
  for (;;) {
    const key = await at.key();
    await at.expect(':');
    if (key === 'results') {
      if (path === 'results') return yield* arrayItems(at);
      for await (const _ of arrayItems(at));
    } else if (key === 'inputs') {
      await at.expect('{');
      if ((await at.peek()) === '}') await at.next();
      else
        for (;;) {
          const inner = await at.key();
          await at.expect(':');
          if (inner === 'units' && path === 'inputs.units') return yield* arrayItems(at);
          if (inner === 'units') for await (const _ of arrayItems(at));
          else await at.value();
          if ((await at.next()) === '}') break;
        }
    } else await at.value();
    if ((await at.next()) === '}') return;
  }
}

async function* arrayItems(at: TextCursor): AsyncGenerator<string> {
  await at.expect('[');
  if ((await at.peek()) === ']') return void (await at.next());
  for (;;) {
    yield await at.value();
    if ((await at.next()) === ']') return;
  }
}

async function readInputs(at: TextCursor, visit: SnapshotVisitor): Promise<void> {
  await at.expect('{');
  if ((await at.peek()) === '}') return void (await at.next());
  for (;;) {
    const key = await at.key();
    await at.expect(':');
    if (key === 'units') await streamArray(at, 'inputs.units', visit);
    else field(visit, `inputs.${key}`, await at.value());
    if (visit.done?.() || (await at.next()) === '}') return;
  }
}

/** A field's value, read (always: the cursor moves past it) and handed over parsed if the visitor takes fields. */
function field(visit: SnapshotVisitor, key: string, text: string): void {
  if (visit.field) visit.field(key, JSON.parse(text));
}

async function streamArray(at: TextCursor, path: StreamedPath, visit: SnapshotVisitor): Promise<void> {
  await at.expect('[');
  if ((await at.peek()) === ']') return void (await at.next());
  const parse = visit.parse?.(path) ?? true;
  for (;;) {
    const item = await at.value();
    await visit.item?.(path, parse ? JSON.parse(item) : item);
    if (visit.done?.() || (await at.next()) === ']') return;
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

/** Where a value's scan stands when its piece of text ends inside it. */
interface ValueScan {
  depth: number;
  inString: boolean;
  /** The index to go on from in the text once the next piece is joined to it. */
  resume: number;
}

/**
 * Where the value being scanned ends in `text`, from `i`: the index after it (after a string, an object or an array),
 * or of the separator after a number or literal; -1 when the text ends first, `scan` then holding where it stands.
 * A plain function rather than a loop in the cursor's async `value`: a snapshot's every character passes here,
 * twice in a verify, and the loop ran about half as fast inside the async function.
 */
function valueEnd(text: string, i: number, scan: ValueScan): number {
  let { depth, inString } = scan;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if ((c === COMMA || c === COLON) && depth === 0) return i;
  }
  scan.depth = depth;
  scan.inString = inString;
  scan.resume = i;
  return -1;
}

/** The text as a cursor: pieces are joined only while a value spans them. */
class TextCursor {
  private text = '';
  private at = 0;
  private done = false;
  private readonly scan: ValueScan = { depth: 0, inString: false, resume: 0 };

  constructor(private readonly source: AsyncIterator<string>) {}

  async peek(): Promise<string | undefined> {
    while (this.at >= this.text.length) if (!(await this.fill())) return undefined;
    return this.text[this.at];
  }

  /** The next character (a separator: `,`, `:`, a closing bracket), consumed. */
  async next(): Promise<string> {
    const c = await this.peek();
    if (c === undefined) throw new SnapshotSyntaxError('the snapshot ends too early');
    this.at++;
    return c;
  }

  async expect(c: string): Promise<void> {
    const got = await this.next();
    if (got !== c) throw new SnapshotSyntaxError(`the snapshot has ${JSON.stringify(got)} where ${JSON.stringify(c)} was expected`);
  }

  /** An object's key (the string before its colon). */
  async key(): Promise<string> {
    if ((await this.peek()) !== '"') throw new SnapshotSyntaxError(`the snapshot has ${JSON.stringify(this.text.slice(this.at, this.at + 40))} where a key was expected`);
    return JSON.parse(await this.value()) as string;
  }

  /** Nothing may follow the top-level object. */
  async end(): Promise<void> {
    if ((await this.peek()) !== undefined) throw new SnapshotSyntaxError('the snapshot goes on after its end');
  }

  /** The JSON text of the value starting here, consumed (a number, true, false or null ends before a separator). */
  async value(): Promise<string> {
    if ((await this.peek()) === undefined) throw new SnapshotSyntaxError('the snapshot ends too early');
    const first = this.text.charCodeAt(this.at);
    if (first === COMMA || first === COLON || first === CLOSE_BRACE || first === CLOSE_BRACKET) {
      throw new SnapshotSyntaxError(`the snapshot has ${this.text[this.at]} where a value was expected`);
    }
    const scan = this.scan;
    scan.depth = 0;
    scan.inString = false;
    let i = this.at;
    for (;;) {
      const end = valueEnd(this.text, i, scan);
      if (end >= 0) return this.take(end);
      // The piece ended inside the value (`resume` may be one past a backslash's end: the escaped character is in the next).
      const offset = scan.resume - this.at;
      if (!(await this.fill())) {
        if (scan.depth === 0 && !scan.inString) return this.take(this.text.length);
        throw new SnapshotSyntaxError('the snapshot ends inside a value');
      }
      i = this.at + offset;
    }
  }

  private take(end: number): string {
    const value = this.text.slice(this.at, end);
    this.at = end;
    return value;
  }

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.source.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.text = this.text.slice(this.at) + next.value;
    this.at = 0;
    return true;
  }
}
