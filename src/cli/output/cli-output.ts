import { CLI_WORDS_EN } from './cli-words.en';
import { CLI_WORDS_VI, type CliWords } from './cli-words.vi';

/**
 * What a command prints, in one language: Vietnamese by default, English with `--lang en` (or DTI_LANG=en), numbers
 * in that language's way (vi 0,9283 and 1.234,5; en 0.9283 and 1,234.5). With `--json` a command prints one JSON
 * document on stdout instead of its human text, whatever the outcome: `{ "ok": true, ... }`, or `{ "ok": false,
 * ... }` with the problems or the error, the exit code as without --json (0, or 1 when refused); stderr stays
 * empty then, so that `dti --json … | jq` always reads a whole document. Its messages are in the --lang language
 * (a script shows them to a person); what a script tests is in the fields (ok, row, column, rule, code).
 */

export const CLI_LANGS = ['vi', 'en'] as const;
export type CliLang = (typeof CLI_LANGS)[number];

const WORDS: Record<CliLang, CliWords> = { vi: CLI_WORDS_VI, en: CLI_WORDS_EN };
// en-GB, not en-US: the same digits, and dates (if ever) day first as in Vietnam.
const LOCALES: Record<CliLang, string> = { vi: 'vi-VN', en: 'en-GB' };

export interface CliSink {
  out: (text: string) => void;
  err: (text: string) => void;
}

const consoleSink: CliSink = { out: (text) => console.log(text), err: (text) => console.error(text) };

export interface CliOutputOptions {
  lang?: string;
  json?: boolean;
}

export class CliOutput {
  readonly words: CliWords;
  private readonly formats = new Map<string, Intl.NumberFormat>();

  constructor(
    readonly lang: CliLang = 'vi',
    readonly json = false,
    private readonly sink: CliSink = consoleSink,
  ) {
    this.words = WORDS[lang];
  }

  static from(options: CliOutputOptions, sink?: CliSink): CliOutput {
    return new CliOutput(cliLang(options.lang), options.json === true, sink);
  }

  /**
   * A number in the language's way: `digits` fixed decimals (an index 0,9283), or from `digits` up to `most` (a
   * measurement 1,5 or 1,25), else as many as it has, up to 4.
   */
  number(value: number, digits?: number, most = digits): string {
    const key = `${digits}:${most}`;
    let format = this.formats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(LOCALES[this.lang], digits === undefined ? { maximumFractionDigits: 4 } : { minimumFractionDigits: digits, maximumFractionDigits: most });
      this.formats.set(key, format);
    }
    return format.format(value);
  }

  /** A line of the command's human result on stdout; nothing with --json. */
  say(text: string): void {
    if (!this.json) this.sink.out(text);
  }

  /** A note or a refusal for the person on stderr; nothing with --json (the document carries it). */
  tell(text: string): void {
    if (!this.json) this.sink.err(text);
  }

  /** The command's JSON document on stdout, with --json only. */
  document(doc: { ok: boolean } & Record<string, unknown>): void {
    if (this.json) this.sink.out(JSON.stringify(doc, null, 2));
  }

  /** A line about a long command's progress (the bench's "bench: scoring…"): on stderr, with or without --json. */
  progress(text: string): void {
    this.sink.err(text);
  }

  /** A step of a long command (the demo's "▸ …"): on stdout, or on stderr with --json so that stdout stays the document. */
  step(text: string): void {
    (this.json ? this.sink.err : this.sink.out)(`\n▸ ${text}`);
  }

  /** A line under a step. */
  detail(text: string): void {
    (this.json ? this.sink.err : this.sink.out)(`      ${text}`);
  }
}

/** The language asked for: vi or en; anything else is refused by commander's choices before a command runs. */
export function cliLang(value: string | undefined): CliLang {
  return (CLI_LANGS as readonly string[]).includes(value ?? '') ? (value as CliLang) : 'vi';
}

let current = new CliOutput();

/** Set once by src/cli.ts from the program's global options, before the command runs. */
export function configureCliOutput(options: CliOutputOptions): CliOutput {
  current = CliOutput.from(options);
  return current;
}

/** The output of the command being run (Vietnamese, human text until configured). */
export function cliOutput(): CliOutput {
  return current;
}
