/**
 * Unit specs live beside the code (src/**\/*.spec.ts); e2e specs in test/ run against the real PostgreSQL and Redis.
 * The fault specs (test/faults) start a PostgreSQL and a Redis of their own, which they restart and kill: `npm run
 * test:faults`, one file at a time; `npm test` runs the unit and e2e projects.
 */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

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
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'] },
  ],
};
