import { DomainException } from '../../common/domain.exception';
import { ConfigError } from '../../config/load-config';
import { UnitRegistryFileError } from '../../units/unit-registry.loader';
import { CliUsageError } from './cli-usage-error';
import type { CliOutput } from './cli-output';

/**
 * What a refusal says, when a command throws: its message (and a DomainException's details) on stderr; with --json,
 * `{ "ok": false, "error": { "code", "message", "details" } }` on stdout. The exit code is 1 either way (src/cli.ts).
 * Loaded only when a command fails (and then these modules are already loaded by the command that threw).
 */
export function reportError(error: unknown, output: CliOutput): void {
  const known = error instanceof DomainException || [ConfigError, UnitRegistryFileError, CliUsageError].some((type) => error instanceof type);
  if (output.json) {
    const message = error instanceof Error ? error.message : String(error);
    const details = error instanceof DomainException ? error.details : error instanceof ConfigError || error instanceof UnitRegistryFileError ? error.problems : undefined;
    const code = error instanceof DomainException ? error.code : known ? (error as Error).constructor.name : 'unexpected';
    output.document({ ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } });
    return;
  }
  if (error instanceof DomainException) {
    console.error(error.message);
    for (const d of Array.isArray(error.details) ? error.details : []) console.error(`  ${d.field}: ${d.message} [${d.rule}]`);
  } else {
    console.error(known ? (error as Error).message : error);
  }
}
