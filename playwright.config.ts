import { defineConfig } from '@playwright/test';
import type { Target } from './tests/support/fixtures';

/**
 * The same specs run against browser mode in Chromium and against the Electron app. Where no Electron
 * binary exists, the electron project's tests skip with the reason (see tests/support/fixtures.ts).
 */
export default defineConfig<{ target: Target }>({
  testDir: 'tests/e2e',
  // `npm test` runs the security reproductions (*.security.spec.ts) in its security step only.
  testIgnore: process.env.E2E_WITHOUT_SECURITY === '1' ? ['**/*.security.spec.ts'] : [],
  globalSetup: './tests/support/globalSetup.ts',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  outputDir: 'test-results',
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    { name: 'chromium', use: { target: 'browser' } },
    { name: 'electron', use: { target: 'electron' } },
  ],
});
