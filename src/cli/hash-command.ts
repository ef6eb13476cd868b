import { diag } from '../diagnostics/codes.js';
import { readFolder } from '../migrations/folder.js';
import { planRehash } from '../migrations/rehash.js';
import type { CliArgs } from './args.js';
import { commitRun } from './commit.js';
import { targetOf, withFolder } from './folder-access.js';
import { EXIT, failed, type Io } from './io.js';

/**
 * runHash accepts the folder as it now is (Atlas's `migrate hash`): under the folder lock, it
 * re-records the checksums of edited files, takes migrations written by hand into the history
 * after the recorded ones, drops removed files, and commits the new state and checksums.
 */
export function runHash(args: CliArgs, io: Io): number {
  const t = targetOf(args, io);
  if (!t) return EXIT.badInput;
  return withFolder(t, io, 'hash', false, () => {
    const folder = readFolder({ root: t.root, display: t.display, journal: null });
    if (!folder.streams.some((s) => s.exists)) {
      const none = diag('HISTORY_INVALID', { file: t.display, line: 1, col: 1 }, 'the folder holds no history (no metaxy.state.json): nothing to record; `metaxy-compile migrate` starts one');
      return failed([none], io), EXIT.badInput;
    }
    const plans = planRehash(folder);
    if (failed(plans.flatMap((p) => p.problems), io)) return EXIT.badInput;
    const files = plans.flatMap((p) => p.files.map((f) => ({ ...f, name: `${p.stream}/${f.name}` })));
    const problem = files.length > 0 ? commitRun(t.root, t.display, files) : null;
    if (problem) return failed([problem], io), EXIT.badInput;
    const report = plans.flatMap((p) => p.report);
    io.stdout(report.length === 0 ? 'nothing to record: the checksums match the folder\n' : `${report.join('\n')}\n`);
    return EXIT.ok;
  });
}
