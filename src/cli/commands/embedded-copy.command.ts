import { loadConfig } from '../../config/load-config';
import { copyEmbeddedTo, EmbeddedCopyRefused } from '../../database/copy-embedded';
import { startEmbeddedPostgres } from '../../database/embedded-postgres';
import { ensureDatabase } from '../../database/ensure-database';
import { runMigrations } from '../../database/migrate';
import { cliOutput, type CliOutput } from '../output/cli-output';

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s/]+\/[A-Za-z0-9_-]+(\?\S*)?$/;

/**
 * Moves a deployment from the embedded PostgreSQL to a real one: the target database is created if missing and
 * brought to the code's migrations, then every row of EMBEDDED_DATA_DIR is copied into it (copy-embedded.ts).
 * Exit 0, or 1 when refused (a target that holds data, a schema that differs) with the target left as it was.
 */
export async function runEmbeddedCopy(options: { to: string }, output: CliOutput): Promise<number> {
  const { words } = output;
  if (!POSTGRES_URL.test(options.to)) {
    output.tell(words.embeddedCopy.targetMustBe);
    output.document({ ok: false, error: { code: 'targetMustBe', message: words.embeddedCopy.targetMustBe } });
    return 1;
  }
  const embedded = await startEmbeddedPostgres(loadConfig().EMBEDDED_DATA_DIR);
  try {
    await runMigrations({ DATABASE_URL: embedded.url });
    await ensureDatabase(options.to);
    await runMigrations({ DATABASE_URL: options.to });
    const copied = await copyEmbeddedTo(embedded.db, options.to);
    const target = redactPassword(options.to);
    for (const { table, rows } of copied) output.say(`  ${words.embeddedCopy.table(table, output.number(rows))}`);
    const rows = copied.reduce((sum, t) => sum + t.rows, 0);
    output.say(words.embeddedCopy.copied(output.number(copied.length), output.number(rows), target));
    output.document({ ok: true, target, tables: copied, rows });
    return 0;
  } catch (error) {
    if (!(error instanceof EmbeddedCopyRefused)) throw error;
    const message = words.embeddedCopy[error.reason](error.subject);
    output.tell(message);
    output.document({ ok: false, error: { code: error.reason, message } });
    return 1;
  } finally {
    await embedded.stop();
  }
}

function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export async function embeddedCopyCommand(options: { to: string }): Promise<void> {
  process.exitCode = await runEmbeddedCopy(options, cliOutput());
}
