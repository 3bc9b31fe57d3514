import { DomainException } from '../common/domain.exception';

/**
 * A public ranking serialised once (the JSON the API serves, byte for byte what JSON.stringify of the ranking gives,
 * `rows` last) with where each row lies in it, so that the full list is one buffer written as it is and a page
 * (?limit&cursor) is the same head, a slice of the same bytes and its `next`.
 */
export interface RankingBody {
  /** The whole ranking's JSON. */
  full: Buffer;
  /** The JSON before the rows: `{...,"rows":[`. */
  head: Buffer;
  /** Byte offsets in `full` of each row's start, and (the last entry) of the end of the last row. */
  starts: Uint32Array;
  /** Each row's code, in order, and code → position. */
  codes: string[];
  positions: Map<string, number>;
  /** What a cursor must carry: the publication and the group it was taken from. */
  edition: string;
}

/** The serialised ranking of `meta` (everything but the rows) and its rows, `rows` the last key as in the object. */
export function rankingBody(meta: object, rows: readonly { code: string }[], edition: string): RankingBody {
  const open = JSON.stringify(meta).slice(0, -1);
  const head = Buffer.from(`${open}${open.endsWith('{') ? '' : ','}"rows":[`);
  const parts: Buffer[] = [head];
  const starts = new Uint32Array(rows.length + 1);
  let at = head.length;
  rows.forEach((row, i) => {
    const bytes = Buffer.from((i ? ',' : '') + JSON.stringify(row));
    starts[i] = at + (i ? 1 : 0);
    at += bytes.length;
    parts.push(bytes);
  });
  starts[rows.length] = at;
  parts.push(Buffer.from(']}'));
  const codes = rows.map((r) => r.code);
  return { full: Buffer.concat(parts), head, starts, codes, positions: new Map(codes.map((code, i) => [code, i])), edition };
}

/** The next page's cursor: opaque to a client, the edition and group it belongs to and the last row's code. */
const encodeCursor = (edition: string, code: string) => Buffer.from(JSON.stringify([edition, code])).toString('base64url');

const badCursor = (message: string) => DomainException.validation([{ field: 'cursor', rule: 'isCursor', message: `cursor ${message}` }]);

/** The position of the first row after the cursor's; a cursor of another edition, group or garbage is refused (400). */
function afterCursor(body: RankingBody, cursor: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor("must be a page's next, as given");
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || typeof decoded[0] !== 'string' || typeof decoded[1] !== 'string') {
    throw badCursor("must be a page's next, as given");
  }
  const position = body.positions.get(decoded[1]);
  if (decoded[0] !== body.edition || position === undefined) {
    throw badCursor('is of another edition or group of this ranking: start again without a cursor (or ask for its ?version=)');
  }
  return position + 1;
}

/** One page of the ranking: the same JSON with `limit` rows from the cursor on, and `next` (null after the last). */
export function rankingPage(body: RankingBody, limit: number, cursor?: string): Buffer {
  const rowCount = body.starts.length - 1;
  const from = cursor === undefined ? 0 : afterCursor(body, cursor);
  const to = Math.min(from + limit, rowCount);
  const next = to < rowCount && to > from ? encodeCursor(body.edition, body.codes[to - 1]) : null;
  const rows = to > from ? body.full.subarray(body.starts[from], body.starts[to] - (to < rowCount ? 1 : 0)) : Buffer.alloc(0);
  return Buffer.concat([body.head, rows, Buffer.from(`],"next":${JSON.stringify(next)}}`)]);
}
