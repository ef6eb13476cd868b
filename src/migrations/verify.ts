import { createHash, type Hash } from 'node:crypto';
import path from 'node:path';
import { diag } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { STATE_FILE, SUM_FILE } from './state.js';
import { lfDigest, toLf, type RecordedSum, type SumLine } from './sum.js';

/** Recorded is what a stream's checksum covers, and how to read each file. */
export interface Recorded {
  /** The stream folder as the user names it, for messages. */
  readonly display: string;
  /** The command that re-records checksums, for messages. */
  readonly hash: string;
  /** The recorded migration files in order; the state follows them. */
  readonly files: readonly string[];
  readonly exists: (name: string) => boolean;
  readonly read: (name: string) => Buffer;
  /** Each file's bytes as it is read (Atlas's own checksum is computed on the way). */
  readonly seen?: (name: string, bytes: Buffer) => void;
}

/** Verified is the outcome of checking a stream's files against its checksum. */
export interface Verified {
  readonly problems: Diagnostic[];
  /** lfDigest of every file read, by name (the next checksum reuses them). */
  readonly digests: Map<string, string>;
  /** The recorded files whose content changed since (format 1 tells only the first). */
  readonly edited: readonly string[];
}

const at = (r: Recorded, line: number) => ({ file: path.join(r.display, SUM_FILE), line, col: 1 });

/** dropFix is how to accept a removed migration file (the state is read before, so it is never the one missing). */
const dropFix = (r: Recorded) => `run \`${r.hash}\` to drop it from the history`;

/**
 * verifySum checks every recorded file and the state against metaxy.sum, each problem at the
 * line of the sum that records the file: a removed file, an edited file, or the sum itself
 * edited (its total no longer covers its lines, or it lists other files than the state).
 * Format 2 digests files one by one, so every edited file is named; format 1 chains them
 * (Atlas's running sum), so only the first is.
 */
export function verifySum(sum: RecordedSum, r: Recorded): Verified {
  return sum.version === 2 ? verifyDigests(sum, r) : verifyChain(sum, r);
}

function verifyDigests(sum: RecordedSum, r: Recorded): Verified {
  const problems: Diagnostic[] = [];
  const digests = new Map<string, string>();
  const byName = new Map(sum.lines.map((l) => [l.name, l]));
  const names = [...r.files, STATE_FILE];
  const differing: SumLine[] = [];
  for (const name of names) {
    const line = byName.get(name);
    if (!line) problems.push(diag('HISTORY_SUM_EDITED', at(r, 1), `it has no line for ${name}, which the state records`, r.hash));
    if (!r.exists(name)) {
      problems.push(diag('HISTORY_REMOVED', at(r, line?.line ?? 1), path.join(r.display, name), dropFix(r)));
      continue;
    }
    const bytes = r.read(name);
    r.seen?.(name, bytes);
    const digest = lfDigest(bytes);
    digests.set(name, digest);
    if (line && line.digest !== digest) differing.push(line);
  }
  const recorded = new Set(names);
  for (const l of sum.lines) {
    if (!recorded.has(l.name)) problems.push(diag('HISTORY_SUM_EDITED', at(r, l.line), `this line lists ${l.name}, which the state does not record`, r.hash));
  }
  if (!sum.totalOk) {
    // The lines no longer match the total on line 1: the sum was edited, not (only) the files.
    if (differing.length === 0) problems.push(diag('HISTORY_SUM_EDITED', at(r, 1), 'the total on line 1 does not cover the lines below it', r.hash));
    for (const l of differing) problems.push(diag('HISTORY_SUM_EDITED', at(r, l.line), `this line's checksum of ${l.name} was changed`, r.hash));
  } else {
    for (const l of differing) problems.push(diag('HISTORY_EDITED', at(r, l.line), path.join(r.display, l.name), r.hash));
  }
  return { problems, digests, edited: sum.totalOk ? differing.map((l) => l.name) : [] };
}

/** feed continues a running hash with a file's name and bytes (Atlas's algorithm). */
function feed(hash: Hash, name: string, bytes: Buffer | string): Hash {
  const next = hash.copy();
  next.update(name);
  next.update(bytes);
  return next;
}

function verifyChain(sum: RecordedSum, r: Recorded): Verified {
  const digests = new Map<string, string>();
  const names = [...r.files, STATE_FILE];
  let hash = createHash('sha256');
  for (const [i, name] of names.entries()) {
    const line = sum.lines[i];
    if (line?.name !== name) {
      const detail = line ? `line ${line.line} lists ${line.name} where the state records ${name}` : `it has no line for ${name}, which the state records`;
      return { problems: [diag('HISTORY_SUM_EDITED', at(r, line?.line ?? 1), detail, r.hash)], digests, edited: [] };
    }
    if (!r.exists(name)) return { problems: [diag('HISTORY_REMOVED', at(r, line.line), path.join(r.display, name), dropFix(r))], digests, edited: [] };
    const bytes = r.read(name);
    r.seen?.(name, bytes);
    digests.set(name, lfDigest(bytes));
    // Written before line endings were normalised: the bytes as written, or the same text with LF endings.
    const next = [feed(hash, name, bytes), feed(hash, name, toLf(bytes))].find((h) => h.copy().digest('base64') === line.digest);
    if (!next) {
      const p = sum.totalOk
        ? diag('HISTORY_EDITED', at(r, line.line), path.join(r.display, name), r.hash)
        : diag('HISTORY_SUM_EDITED', at(r, line.line), `this line's checksum of ${name} was changed`, r.hash);
      return { problems: [p], digests, edited: [name] };
    }
    hash = next;
  }
  const extra = sum.lines[names.length];
  const problems = extra ? [diag('HISTORY_SUM_EDITED', at(r, extra.line), `this line lists ${extra.name}, which the state does not record`, r.hash)] : [];
  if (problems.length === 0 && !sum.totalOk) problems.push(diag('HISTORY_SUM_EDITED', at(r, 1), 'the total on line 1 does not cover the lines below it', r.hash));
  return { problems, digests, edited: [] };
}
