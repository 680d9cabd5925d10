// Electronegativity over the Electron code and the app page. Every finding must be fixed or
// explained in tools/security-findings.json; an unexplained one fails the run.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { version: electronVersion } = JSON.parse(
  readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'),
);
const explained = JSON.parse(readFileSync(path.join(root, 'tools/security-findings.json'), 'utf8'));

const scanDir = mkdtempSync(path.join(tmpdir(), 'electronegativity-'));
const report = path.join(scanDir, 'report.sarif');
cpSync(path.join(root, 'main'), path.join(scanDir, 'app', 'main'), {
  recursive: true,
  filter: (source) => !source.endsWith('.test.ts'),
});
cpSync(path.join(root, 'renderer/index.html'), path.join(scanDir, 'app', 'index.html'));

function scan() {
  return spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'),
      '-i',
      path.join(scanDir, 'app'),
      '-o',
      report,
      '-r',
      '-e',
      electronVersion,
      '-v',
      'false',
    ],
    { encoding: 'utf8' },
  );
}

// Electronegativity fetches its translations and Electron's release list with `got`; where that
// times out (no internet), got's timeout can race its own cancel handler and crash the scan before
// it writes a report (an upstream bug: "The `onCancel` handler was attached after the promise
// settled"). That crash, and only that one, is run again: the scan itself never flakes.
const UPSTREAM_RACE = 'handler was attached after the promise settled';
let run = scan();
for (let attempt = 2; attempt <= 3 && !existsSync(report); attempt += 1) {
  if (!`${run.stdout}${run.stderr}`.includes(UPSTREAM_RACE)) break;
  console.warn(
    `Electronegativity hit its network race (got/p-cancelable); attempt ${attempt} of 3.`,
  );
  run = scan();
}
// SARIF, not CSV: the CSV's sample column can carry line breaks and commas that split a row.
let sarif;
try {
  sarif = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.error(`Electronegativity produced no readable report:\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}
rmSync(scanDir, { recursive: true, force: true });

const findings = sarif.runs.flatMap((scan) =>
  scan.results.map((result) => {
    const location = result.locations?.[0]?.physicalLocation;
    return {
      check: result.ruleId,
      file: path.basename(location?.artifactLocation?.uri ?? ''),
      location: `${location?.region?.startLine ?? 0}:${location?.region?.startColumn ?? 0}`,
    };
  }),
);

let unexplained = 0;
for (const finding of findings) {
  const reason = explained.find(
    (entry) => entry.check === finding.check && entry.file === finding.file,
  );
  if (reason) {
    console.info(`explained  ${finding.check} ${finding.file}:${finding.location}: ${reason.why}`);
  } else {
    unexplained += 1;
    console.error(`UNEXPLAINED ${finding.check} ${finding.file}:${finding.location}`);
  }
}
console.info(
  `Electronegativity (Electron ${electronVersion}): ${findings.length} findings, ${unexplained} unexplained.`,
);
process.exit(unexplained === 0 ? 0 : 1);
