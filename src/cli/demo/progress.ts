/** A one-line progress display for the demo's long steps: a bar on a terminal, plain lines elsewhere. */
export class Progress {
  private shown = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  tick(done: number): void {
    const percent = this.total === 0 ? 100 : Math.floor((done / this.total) * 100);
    if (process.stdout.isTTY) {
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      process.stdout.write(`\r      ${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total}`);
      if (done >= this.total) process.stdout.write('\n');
    } else if (percent >= this.shown + 25 || done >= this.total) {
      this.shown = percent;
      console.log(`      ${this.label}: ${done}/${this.total}`);
    }
  }
}

export const step = (text: string) => console.log(`\n▸ ${text}`);
export const detail = (text: string) => console.log(`      ${text}`);
