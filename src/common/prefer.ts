/** What a request's Prefer header (RFC 7240) asks of a long operation's answer. */
export interface AsyncPreference {
  /** `respond-async`: answer 202 with the operation's state rather than wait for its end. */
  respondAsync: boolean;
  /** `wait=<seconds>`: how long the client would wait for the end at most; undefined when not said. */
  waitSeconds?: number;
}

/**
 * Reads respond-async and wait from a Prefer header (one or several, comma-separated preferences, each maybe with
 * `;` parameters); a preference not understood, or a wait that is not a whole number of seconds, is ignored, as RFC
 * 7240 §2 asks of a server.
 */
export function asyncPreference(header: string | string[] | undefined): AsyncPreference {
  const out: AsyncPreference = { respondAsync: false };
  const values = Array.isArray(header) ? header : header === undefined ? [] : [header];
  for (const preference of values.flatMap((v) => v.split(','))) {
    const [token, ...value] = (preference.split(';')[0] ?? '').split('=');
    const name = token.trim().toLowerCase();
    const text = value.join('=').trim().replace(/^"(.*)"$/, '$1');
    if (name === 'respond-async' && value.length === 0) out.respondAsync = true;
    if (name === 'wait' && /^\d{1,9}$/.test(text) && out.waitSeconds === undefined) out.waitSeconds = Number(text);
  }
  return out;
}
