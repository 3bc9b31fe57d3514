/**
 * Unit specs live beside the code (src/**\/*.spec.ts); e2e specs in test/ run against the real PostgreSQL and Redis,
 * and some of them again on the embedded drivers (the embedded project).
 * The fault specs (test/faults) start a PostgreSQL and a Redis of their own, which they restart and kill: `npm run
 * test:faults`, one file at a time; `npm test` runs the unit, e2e and embedded projects.
 */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

/**
 * The e2e files that the embedded project runs again on the embedded drivers (PGlite, the in-process queues): a whole
 * yearly cycle, scoring, publication, the exports and a page. The rest stay on the real services only.
 */
const EMBEDDED_SUITES = ['ministry-cycle', 'scoring', 'publications', 'exports', 'ranking-page'];

module.exports = {
  // Real services, real workers and argon2 make e2e tests slower than unit tests; never slow enough to hang CI.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/env.ts'],
    },
    {
      ...common,
      displayName: 'embedded',
      testMatch: EMBEDDED_SUITES.map((name) => `<rootDir>/test/${name}.e2e-spec.ts`),
      globalSetup: '<rootDir>/test/setup/embedded-global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/embedded-global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup/embedded-env.ts'],
    },
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'] },
  ],
};
