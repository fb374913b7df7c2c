/** Jest projects: `unit` needs nothing but Node (npm test); `integration` needs the engines infra/ starts. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] };

module.exports = {
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
      testTimeout: 120_000,
      testMatch: ['<rootDir>/tests/embedded/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testTimeout: 180_000,
      // Starts the real Kafka broker from infra/ unless KAFKA_BROKERS points at one already;
      // the OpenSearch suites start their node in beforeAll the same way (OPENSEARCH_URL).
      globalSetup: '<rootDir>/tests/integration/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/integration/support/global-teardown.ts',
      testMatch: ['<rootDir>/tests/integration/**/*.integration.test.ts'],
    },
  ],
};
