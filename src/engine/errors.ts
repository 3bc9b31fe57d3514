/**
 * Two kinds of failure, so that callers can map them: bad unit data is the caller's 4xx (EngineInputError), a
 * framework the engine cannot run is a configuration error (EngineFrameworkError), caught by the framework loader.
 */

export type InputIssueCode =
  | 'not_a_boolean'
  | 'not_a_number'
  | 'not_an_integer'
  | 'out_of_range'
  | 'unknown_choice'
  | 'bad_numbers'
  | 'manual_points'
  | 'duplicate_unit'
  | 'unknown_indicator';

export interface InputIssue {
  code: InputIssueCode;
  unit: string;
  indicator?: string;
  rule?: string;
  message: string;
}

export class EngineInputError extends Error {
  readonly unit: string;
  readonly indicator?: string;
  readonly rule?: string;
  readonly code: InputIssueCode;

  constructor(readonly issues: InputIssue[]) {
    const [first] = issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(`${first.message}${more}`);
    this.name = 'EngineInputError';
    this.unit = first.unit;
    this.indicator = first.indicator;
    this.rule = first.rule;
    this.code = first.code;
  }
}

export class EngineFrameworkError extends Error {
  constructor(
    message: string,
    readonly node?: string,
  ) {
    super(node ? `${node}: ${message}` : message);
    this.name = 'EngineFrameworkError';
  }
}
