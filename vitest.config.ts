import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The testing lesson's Vitest example is run as the lesson shows it.
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'content/docs/testing/examples/vitest/*.test.js'],
    environment: 'node',
    // Timeouts only bound a test that hangs; a passing test never waits for them. Generous, because CI and this
    // machine are shared: a CPU-bound property test that takes 10 s alone takes several times that under load.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests each start servers on ephemeral ports; CI machines have 2 cores.
    maxWorkers: 2,
    allowOnly: false,
  },
});
