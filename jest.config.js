/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Provisioning (finding or building the servers) runs once per run, not once per file.
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  // Servers and the SDK's native runtime are shared resources on a 2-core machine: one file at a time.
  setupFiles: ['<rootDir>/test/harness/quiet-runtime.ts'],
  maxWorkers: 1,
  testTimeout: 60_000,
  slowTestThreshold: 20,
};
