// Electronegativity over the Electron code and the app page. Every finding must be fixed or
// explained in tools/security-findings.json; an unexplained one fails the run.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
const report = path.join(scanDir, 'report.csv');
cpSync(path.join(root, 'main'), path.join(scanDir, 'app', 'main'), {
  recursive: true,
  filter: (source) => !source.endsWith('.test.ts'),
});
cpSync(path.join(root, 'renderer/index.html'), path.join(scanDir, 'app', 'index.html'));

const run = spawnSync(
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
let csv;
try {
  csv = readFileSync(report, 'utf8');
} catch {
  console.error(`Electronegativity produced no report:\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}
rmSync(scanDir, { recursive: true, force: true });

const findings = csv
  .trim()
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((line) => {
    const [check, severity, confidence, file, location] = line
      .split(',')
      .map((cell) => cell.replace(/^"|"$/g, ''));
    return { check, severity, confidence, file: path.basename(file ?? ''), location };
  });

let unexplained = 0;
for (const finding of findings) {
  const reason = explained.find(
    (entry) => entry.check === finding.check && entry.file === finding.file,
  );
  if (reason) {
    console.info(`explained  ${finding.check} ${finding.file}:${finding.location}: ${reason.why}`);
  } else {
    unexplained += 1;
    console.error(
      `UNEXPLAINED ${finding.check} (${finding.severity}, ${finding.confidence}) ${finding.file}:${finding.location}`,
    );
  }
}
console.info(
  `Electronegativity (Electron ${electronVersion}): ${findings.length} findings, ${unexplained} unexplained.`,
);
process.exit(unexplained === 0 ? 0 : 1);
