import type { OutFile } from './formats.js';
import type { Layout } from './layouts.js';
import { stateText, STATE_FILE, SUM_FILE, type StreamState } from './state.js';
import type { StreamHistory } from './stream.js';
import { lfDigest, printSum, runningSum, sumText } from './sum.js';

/**
 * recordFiles lays out what records a stream's history once `written` files join it: the
 * state, the tool's atlas.sum (Atlas) and metaxy.sum, in that order (metaxy.sum last). Files
 * already recorded keep the digests verified when the history was read: nothing is read or
 * hashed twice. `state.files` lists every file of the history, the written ones included.
 */
export function recordFiles(history: StreamHistory, layout: Layout, written: readonly OutFile[], state: StreamState): OutFile[] {
  const text = stateText(state);
  const fresh = new Map(written.map((f) => [f.name, f]));
  const digest = (name: string): string => {
    const known = history.digests.get(name);
    if (known !== undefined && !fresh.has(name)) return known;
    const f = fresh.get(name);
    return lfDigest(f ? f.text : history.read!(name));
  };
  const out: OutFile[] = [{ name: STATE_FILE, text }];
  if (layout.atlasSum) out.push({ name: 'atlas.sum', text: atlasSum(history, state, fresh) });
  const sum = printSum([...state.files.map((n) => [n, digest(n)] as const), [STATE_FILE, lfDigest(text)]]);
  out.push({ name: SUM_FILE, text: sum });
  return out;
}

/**
 * atlasSum is atlas.sum over the history's .sql files in name order (Atlas's LocalDir), as
 * Atlas computes it: it continues the running sum of the recorded files when every written
 * file sorts after them, else reads them again.
 */
function atlasSum(history: StreamHistory, state: StreamState, fresh: ReadonlyMap<string, OutFile>): string {
  const sql = state.files.filter((n) => n.endsWith('.sql')).sort();
  const kept = sql.filter((n) => !fresh.has(n));
  const recorded = history.atlas;
  // The recorded files come first in name order, and are the ones the running sum covers.
  const continues = recorded !== undefined && recorded.lines.length === kept.length && kept.every((n, i) => sql[i] === n && recorded.lines[i]![0] === n);
  const entries = (names: readonly string[]) => names.map((name) => ({ name, bytes: fresh.get(name)?.text ?? history.read!(name) }));
  return sumText(continues ? runningSum(entries(sql.slice(kept.length)), recorded) : runningSum(entries(sql)));
}
