/** Jest projects: `unit` needs nothing but Node (npm test); `integration` needs the engines infra/ starts. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] };

module.exports = {
  // NOTE: jest reads testTimeout only at the top level, not per project. Slow suites (real
  // processes, engines, Chromium) need it; a unit test that hangs still fails, only later.
  testTimeout: 180_000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
    },
    {
      // The whole embedded pipeline, real SQLite and real `dengar` processes: slower, still Node only.
      displayName: 'embedded',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/embedded/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      // Starts the real Kafka broker from infra/ unless KAFKA_BROKERS points at one already;
      // the OpenSearch suites start their node in beforeAll the same way (OPENSEARCH_URL).
      globalSetup: '<rootDir>/tests/integration/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/integration/support/global-teardown.ts',
      testMatch: ['<rootDir>/tests/integration/**/*.integration.test.ts'],
    },
    {
      // Real headless Chromium (Debian's /usr/bin/chromium) driving the web app.
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.test.ts'],
    },
  ],
};
