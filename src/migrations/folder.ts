import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DialectName } from '../config/stores.js';
import { emptyState, parseState, STATE_FILE, SUM_FILE, type StreamName, type StreamState } from './state.js';
import { parseHashFile, runningSum, sumText, type RunningSum } from './sum.js';

/** StreamHistory is one stream of a migrations folder as found on disk. */
export interface StreamHistory {
  readonly stream: StreamName;
  readonly dir: string;
  readonly state: StreamState;
  /** Problems that make the history untrustworthy (edited, removed, unknown files; bad state). */
  readonly problems: readonly string[];
  /** The checksum state after the recorded migration files, when they were verified (the next checksum continues it). */
  readonly sum?: RunningSum;
}

/** sumEntries are the files a stream's checksum covers: every recorded migration file, then the state. */
export function sumEntries(dir: string, files: readonly string[], stateText: string): { name: string; bytes: Buffer | string }[] {
  return [...files.map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) })), { name: STATE_FILE, bytes: stateText }];
}

/**
 * readStream reads one stream folder: a missing or empty folder is "from nothing"; otherwise
 * its state must parse, be of this dialect, and every recorded file must match the checksum.
 */
export function readStream(root: string, stream: StreamName, dialect: DialectName, format: string): StreamHistory {
  const dir = path.join(root, stream);
  const at = (f: string) => path.join(stream, f);
  if (!existsSync(dir) || readdirSync(dir).length === 0) return { stream, dir, state: emptyState(dialect, format), problems: [] };
  const problems: string[] = [];
  const statePath = path.join(dir, STATE_FILE);
  if (!existsSync(statePath)) return { stream, dir, state: emptyState(dialect, format), problems: [`${at(STATE_FILE)} is missing`] };
  const text = readFileSync(statePath, 'utf8');
  const parsed = parseState(text);
  if (typeof parsed === 'string') return { stream, dir, state: emptyState(dialect, format), problems: [parsed] };
  if (parsed.dialect !== dialect) problems.push(`${at(STATE_FILE)} was written for ${parsed.dialect}, not ${dialect}`);
  if (parsed.format !== format) problems.push(`${stream}/ holds ${parsed.format} migrations, not ${format} (pass --format ${parsed.format})`);
  const sumPath = path.join(dir, SUM_FILE);
  const recorded = existsSync(sumPath) ? parseHashFile(readFileSync(sumPath, 'utf8')) : null;
  if (recorded === null) problems.push(`${at(SUM_FILE)} is missing or malformed`);
  const missing = parsed.files.filter((f) => !existsSync(path.join(dir, f)));
  for (const f of missing) problems.push(`${at(f)} was removed or renamed`);
  let sum: RunningSum | undefined;
  if (recorded && missing.length === 0) {
    sum = runningSum(sumEntries(dir, parsed.files, text).slice(0, -1));
    const actual = parseHashFile(sumText(runningSum([{ name: STATE_FILE, bytes: text }], sum)))!;
    // The sums run on (each covers the files before it): the first mismatch is the edited file.
    const edited = [...actual].find(([name, sum]) => recorded.get(name) !== sum);
    if (edited) problems.push(`${at(edited[0])} was edited after it was written`);
    if (recorded.size !== actual.size) problems.push(`${at(SUM_FILE)} lists other files than the history`);
  }
  const known = new Set([...parsed.files, STATE_FILE, SUM_FILE, 'atlas.sum', 'env.py']);
  for (const f of readdirSync(dir).sort()) {
    if (!known.has(f) && !f.startsWith('.') && /\.(sql|py)$/.test(f)) problems.push(`${at(f)} is not part of the recorded history`);
  }
  return { stream, dir, state: parsed, problems: dedupe(problems), ...(sum ? { sum } : {}) };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
