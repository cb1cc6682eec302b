import { defineConfig } from 'vitest/config';

/** `npm run test:load`: the soak, minutes long, kept out of `npm test`. */
export default defineConfig({
  test: {
    include: ['tests/load/**/*.test.ts'],
    environment: 'node',
    testTimeout: 15 * 60_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
    allowOnly: false,
  },
});
