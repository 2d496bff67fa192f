/** Unit, emulator, bundle and browser tests. The bundle is built by `npm test` before jest runs. */
module.exports = {
  testEnvironment: 'node',
  // Jest's default is one worker fewer than the cores: one alone on a two-core machine, where the
  // crash sweeps then run one after the other. Tests are CPU-bound on a simulated clock, so a
  // worker a core halves the wait there.
  maxWorkers: '100%',
  roots: ['<rootDir>/test', '<rootDir>/emulator'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
