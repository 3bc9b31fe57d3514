import { readFileSync } from 'node:fs';

/**
 * The most memory this process has had resident since it started, in bytes. On Linux it is VmHWM of
 * /proc/self/status: getrusage's maxRSS (process.resourceUsage) carries a spawned child's parent over, as the parent's
 * pages counted in the forked copy are recorded when the child's program replaces it, so a child of a 430 MB worker
 * reports at least 430 MB however little it uses. Elsewhere, getrusage's figure.
 */
export function peakRssBytes(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // No /proc: not Linux.
  }
  return process.resourceUsage().maxRSS * 1024;
}
