import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { best, measure, type Measured } from './measure.js';

/**
 * The floor of each measured command (bench/floor.mjs): a Node process that reads the same
 * spec files, config and migration history, and writes the same bytes the command wrote, in
 * the same files (and on standard output), and does nothing else.
 */

const floorScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'floor.mjs');

/** Output is one file a command wrote (relative to the folder it writes in; `-` is standard output) and its bytes. */
export type Output = readonly [name: string, bytes: Buffer];

/** filesUnder lists every file under dir, relative to it, sorted. */
function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]))
    .sort();
}

/** written lists the files of `after` that `before` (null: nothing) does not hold as they are: what a run wrote. */
export function written(before: string | null, after: string): Output[] {
  return filesUnder(after).flatMap((f): Output[] => {
    const bytes = readFileSync(path.join(after, f));
    let old: Buffer | null = null;
    try {
      old = before === null ? null : readFileSync(path.join(before, f));
    } catch {
      // a new file
    }
    return old !== null && old.equals(bytes) ? [] : [[f, bytes]];
  });
}

/** FloorRun is what the floor of one command reads and writes. */
export interface FloorRun {
  /** Where the command ran (holds `features/` and `metaxy.toml`). */
  readonly cwd: string;
  /** What the command wrote, standard output last. */
  readonly outputs: readonly Output[];
  /** The folder run i writes in (`--out`'s folder or `--dir`). */
  readonly root: (i: number) => string;
  /** The migrations folder run i reads, if the command reads one. */
  readonly history?: (i: number) => string;
  /** Run before run i (e.g. a fresh copy of the history), not measured. */
  readonly prepare: (i: number) => void;
}

/** floor measures the floor of one command, best of n, writing its logs as `<log>-<i>.log`. */
export function floor(run: FloorRun, n: number, log: string): Measured {
  const file = `${log}.outputs`;
  const header = `${run.outputs.length}\n${run.outputs.map(([name, bytes]) => `${name}\t${bytes.length}\n`).join('')}`;
  writeFileSync(file, Buffer.concat([Buffer.from(header), ...run.outputs.map(([, bytes]) => bytes)]));
  return best(n, run.prepare, (i) => {
    const args = [floorScript, '--features', 'features', '--config', 'metaxy.toml', '--outputs', file, '--root', run.root(i)];
    return measure(run.history ? [...args, '--history', run.history(i)] : args, run.cwd, {}, 0, `${log}-${i}.log`);
  });
}
