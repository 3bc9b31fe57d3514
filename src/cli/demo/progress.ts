import { cliOutput, type CliOutput } from '../output/cli-output';

/**
 * A one-line progress display for the demo's long steps: a bar on a terminal, plain lines under the step elsewhere
 * (a log, a pipe, or stderr with --json), its counts in the output's language (1.234/10.000 in Vietnamese).
 */
export class Progress {
  private shown = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: CliOutput = cliOutput(),
    private readonly terminal = process.stdout.isTTY === true && !out.json,
  ) {}

  tick(done: number): void {
    const percent = this.total === 0 ? 100 : Math.floor((done / this.total) * 100);
    const counts = `${this.out.number(done)}/${this.out.number(this.total)}`;
    if (this.terminal) {
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      process.stdout.write(`\r      ${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${counts}`);
      if (done >= this.total) process.stdout.write('\n');
    } else if (percent >= this.shown + 25 || done >= this.total) {
      this.shown = percent;
      this.out.detail(`${this.label}: ${counts}`);
    }
  }
}
