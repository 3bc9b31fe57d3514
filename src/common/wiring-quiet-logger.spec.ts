import type { LoggerService } from '@nestjs/common';
import { WiringQuietLogger } from './wiring-quiet-logger';

function recording(): { inner: LoggerService; calls: [string, unknown[]][] } {
  const calls: [string, unknown[]][] = [];
  const record = (level: string) => (...args: unknown[]) => void calls.push([level, args]);
  return { inner: { log: record('log'), error: record('error'), warn: record('warn'), debug: record('debug'), verbose: record('verbose') }, calls };
}

describe('WiringQuietLogger', () => {
  it("moves Nest's module and route lines to debug, so a start shows its address among the first lines", () => {
    const { inner, calls } = recording();
    const logger = new WiringQuietLogger(inner);
    logger.log('CoreModule dependencies initialized', 'InstanceLoader');
    logger.log('Mapped {/api/v1/cycles, GET} route', 'RouterExplorer');
    logger.log('CyclesController {/api/v1/cycles}:', 'RoutesResolver');
    expect(calls.map(([level]) => level)).toEqual(['debug', 'debug', 'debug']);
    expect(calls[1][1]).toEqual(['Mapped {/api/v1/cycles, GET} route', 'RouterExplorer']);
  });

  it('keeps every other line at its level, the application started line included', () => {
    const { inner, calls } = recording();
    const logger = new WiringQuietLogger(inner);
    logger.log('Nest application successfully started', 'NestApplication');
    logger.log('a line without a context');
    logger.warn('slow', 'ScoreRunProcessor');
    logger.error('failed', 'stack', 'ExportProcessor');
    logger.fatal('down', 'Main');
    expect(calls.map(([level]) => level)).toEqual(['log', 'log', 'warn', 'error', 'error']);
  });
});
