/** A command line that a command refuses after commander took it (a value out of range, an unknown name): exit 1, its message alone, no stack. */
export class CliUsageError extends Error {}
