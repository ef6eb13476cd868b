import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

/** pythonBin is the tests' Python: `.venv/bin/python` (scripts/setup-python.sh makes it), else `python3`. */
export function pythonBin(): string {
  const venv = path.join(root, '.venv/bin/python');
  return existsSync(venv) ? venv : 'python3';
}

/** PythonResult is what a Python run printed and its exit status. */
export interface PythonResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** runPython runs a script (`-c` text) with arguments, in `cwd`, with extra environment variables. */
export function runPython(script: string, args: readonly string[] = [], opts: { cwd?: string; env?: Record<string, string> } = {}): PythonResult {
  const r = spawnSync(pythonBin(), ['-c', script, ...args], {
    cwd: opts.cwd ?? root,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...opts.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** pythonTool is the path of a console script installed beside the tests' Python (e.g. `alembic`). */
export function pythonTool(name: string): string {
  return path.join(path.dirname(pythonBin()), name);
}
