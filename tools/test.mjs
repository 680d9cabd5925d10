// `npm test`: every tier in order: typecheck, lint, unit, build, security (Electronegativity and the
// security reproductions, unit and end-to-end), end-to-end (browser mode in Chromium; the Electron
// app where its binary exists, under xvfb on Linux), and the benchmarks at toy sizes so none of them
// rots. Ends with one summary line of all tests counted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { findElectronBinary } from './electronBinary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, '.test-reports');
mkdirSync(reports, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const electron = findElectronBinary();
const needsXvfb = 'path' in electron && process.platform === 'linux' && !process.env.DISPLAY;
const playwright = needsXvfb ? ['xvfb-run', '-a', bin('playwright')] : [bin('playwright')];

/** One line naming a failed test and the first line of why, so a log's tail says what failed. */
function failureLine(file, title, message = '') {
  const why =
    stripVTControlCharacters(message)
      .split('\n')
      .find((line) => line.trim() !== '') ?? '';
  return `${file} › ${title}: ${why.trim().slice(0, 300)}`;
}

/** The failed tests of a Playwright JSON report's suites (nested by file and describe). */
function failedSpecs(suites = []) {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? []).flatMap((spec) =>
      spec.tests
        .filter((test) => test.status === 'unexpected')
        .map((test) =>
          failureLine(
            spec.file,
            `${spec.title} [${test.projectName}]`,
            test.results.at(-1)?.error?.message,
          ),
        ),
    ),
    ...failedSpecs(suite.suites),
  ]);
}

/** A Vitest project as a step, counted from its JSON report. */
function vitestStep(name, project) {
  const report = path.join(reports, `${project}.json`);
  return {
    name,
    command: [
      bin('vitest'),
      'run',
      `--project=${project}`,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    count: () => {
      const result = JSON.parse(readFileSync(report, 'utf8'));
      return {
        passed: result.numPassedTests,
        failed: result.numFailedTests,
        skipped: result.numPendingTests + result.numTodoTests,
        failures: result.testResults.flatMap((file) =>
          file.assertionResults
            .filter((test) => test.status === 'failed')
            .map((test) =>
              failureLine(path.relative(root, file.name), test.fullName, test.failureMessages[0]),
            ),
        ),
      };
    },
  };
}

/** Playwright over the built app (spec filters, extra environment), counted from its JSON report. */
function playwrightStep(name, reportName, filters, env) {
  const report = path.join(reports, `${reportName}.json`);
  return {
    name,
    needs: 'build',
    command: [...playwright, 'test', ...filters, '--reporter=list,json'],
    env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
    count: () => {
      const { stats, suites } = JSON.parse(readFileSync(report, 'utf8'));
      return {
        passed: stats.expected + stats.flaky,
        failed: stats.unexpected,
        skipped: stats.skipped,
        failures: failedSpecs(suites),
      };
    },
  };
}

const steps = [
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'] },
  vitestStep('unit', 'unit'),
  { name: 'build', command: [process.execPath, path.join(root, 'tools/build.mjs')] },
  // The security tier (`npm run test:security`): Electronegativity, then the reproductions of every
  // security problem fixed, in Vitest (*.security.test.*) and in the browser (*.security.spec.ts).
  {
    name: 'security scan',
    command: [process.execPath, path.join(root, 'tools/security-scan.mjs')],
  },
  vitestStep('security (unit)', 'security'),
  playwrightStep('security (e2e)', 'security-e2e', ['security.spec'], {}),
  playwrightStep('end-to-end', 'e2e', [], { E2E_WITHOUT_SECURITY: '1' }),
];
if (existsSync(path.join(root, 'tools/bench.mjs'))) {
  steps.push({
    name: 'benchmarks (quick)',
    needs: 'build',
    command: [process.execPath, path.join(root, 'tools/bench.mjs'), '--quick'],
  });
}

const results = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
for (const step of steps) {
  const prerequisite = step.needs && results.find((result) => result.name === step.needs);
  if (prerequisite && !prerequisite.ok) {
    results.push({ name: step.name, ok: false, note: `not run: ${step.needs} failed` });
    continue;
  }
  console.info(
    `\n━━ ${step.name} ━━ ${step.command.map((part) => path.relative(root, part) || part).join(' ')}`,
  );
  const started = Date.now();
  const run = spawnSync(step.command[0], step.command.slice(1), {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  let note = `${seconds} s`;
  if (step.count) {
    try {
      const counted = step.count();
      for (const key of Object.keys(totals)) totals[key] += counted[key];
      failures.push(...counted.failures);
      note += `, ${counted.passed} passed, ${counted.failed} failed, ${counted.skipped} skipped`;
    } catch {
      note += ', no report';
    }
  }
  results.push({ name: step.name, ok, note: run.error ? `${note} (${run.error.message})` : note });
}

console.info('\n━━ summary ━━');
for (const result of results)
  console.info(`${result.ok ? 'ok  ' : 'FAIL'}  ${result.name.padEnd(20)} ${result.note}`);
for (const failure of failures) console.info(`failed: ${failure}`);
if ('reason' in electron) console.info(`Electron project skipped: ${electron.reason}`);
const failedSteps = results.filter((result) => !result.ok).length;
if (failedSteps > 0) totals.failed += failedSteps;
console.info(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps === 0 ? 0 : 1);
