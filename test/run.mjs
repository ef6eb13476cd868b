// Runs every test/**/*.test.ts with node:test (through tsx), printing the spec report and,
// last, the plain summary line `N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process';
import fg from 'fast-glob';

// The Python the tests drive (SQLAlchemy, Alembic): made once into .venv, reused after.
const py = spawnSync('bash', ['scripts/setup-python.sh'], { stdio: 'inherit' });
if (py.status !== 0) console.error('scripts/setup-python.sh failed: the tests that run Python will fail');

const only = process.argv.slice(2);
const files = only.length > 0 ? only : (await fg(['test/**/*.test.ts'], { ignore: ['**/node_modules/**'] })).sort();
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
  { stdio: 'inherit' },
);
process.exitCode = result.status ?? 1;
