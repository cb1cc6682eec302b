import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The testing lesson's Vitest example is run as the lesson shows it.
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'content/docs/testing/examples/vitest/*.test.js'],
    environment: 'node',
    testTimeout: 15_000,
    hookTimeout: 30_000,
    // Integration tests each start servers on ephemeral ports; CI machines have 2 cores.
    maxWorkers: 2,
    allowOnly: false,
  },
});
