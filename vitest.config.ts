import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'main/**/*.test.ts',
      'server/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'tools/**/*.test.mjs',
    ],
    environment: 'node',
    testTimeout: 20_000,
  },
});
