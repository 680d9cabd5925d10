import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { bundleWorkerSourcesSync } from './tools/workerSources.mjs';

/**
 * Two projects over the same tree: `unit` (the tests beside the code) and `security` (the
 * reproductions of security problems, `*.security.test.*`, which `npm run test:security` runs with
 * Electronegativity and the end-to-end `*.security.spec.ts`). `vitest run` alone runs both.
 */
const SECURITY_TESTS = '**/*.security.test.{ts,tsx,mjs}';

/** The worker threads main's services start, bundled as tools/build.mjs bundles them. */
const { define } = bundleWorkerSourcesSync(fileURLToPath(new URL('.', import.meta.url)));

export default defineConfig({
  define,
  test: {
    environment: 'node',
    testTimeout: 20_000,
    // Hooks start and stop real PostgreSQL, Redis, sshd and server processes: on a busy machine a
    // clean stop can take longer than a test.
    hookTimeout: 60_000,
    // Most of these tests wait (on child processes, servers, sockets, Chromium), not compute: one
    // worker per spare core, Vitest's default, ran the files one at a time on a 2-core machine
    // (681 s of wall time for 246 s of CPU). One worker per core overlaps the waiting; twice that
    // starved the tests that time themselves when the machine was busy with other work too.
    maxWorkers: availableParallelism(),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'main/**/*.test.ts',
            'server/**/*.test.ts',
            'renderer/**/*.test.{ts,tsx}',
            'tools/**/*.test.mjs',
          ],
          exclude: [...configDefaults.exclude, SECURITY_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: 'security',
          include: [
            `shared/${SECURITY_TESTS}`,
            `main/${SECURITY_TESTS}`,
            `renderer/${SECURITY_TESTS}`,
            `tools/${SECURITY_TESTS}`,
            `server/${SECURITY_TESTS}`,
          ],
        },
      },
    ],
  },
});
