// Runs every test/**/*.test.ts with node:test (through tsx), printing the spec report and,
// last, the plain summary line `N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';

// The Python the tests drive (SQLAlchemy, Alembic): made once into .venv, reused after.
const py = spawnSync('bash', ['scripts/setup-python.sh'], { stdio: 'inherit' });
if (py.status !== 0) console.error('scripts/setup-python.sh failed: the tests that run Python will fail');

const only = process.argv.slice(2);
const files = only.length > 0 ? only : (await fg(['test/**/*.test.ts'], { ignore: ['**/node_modules/**'] })).sort();
// The tests get a temporary folder of their own (TMPDIR), so that what they leave behind can be
// seen, whatever else runs on the machine: after the run it must hold no mxc-* or engines-pg-*.
const scratch = mkdtempSync(path.join(tmpdir(), 'mxc-run-'));
chmodSync(scratch, 0o1777); // the test PostgreSQL server runs as user postgres inside it
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=./test/summary-reporter.mjs', '--test-reporter-destination=stdout',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, TMPDIR: scratch } },
);
process.exitCode = result.status ?? 1;
const left = readdirSync(scratch).filter((f) => /^(mxc-|engines-pg-)/.test(f));
if (left.length > 0) {
  console.error(`the tests left ${left.length} temporary folder(s) behind: ${left.slice(0, 10).join(', ')}`);
  process.exitCode ||= 1;
}
rmSync(scratch, { recursive: true, force: true });
