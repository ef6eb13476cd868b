import { createHash, type Hash } from 'node:crypto';

/** SumEntry is one file in a checksum file: its name and bytes. */
export interface SumEntry {
  readonly name: string;
  readonly bytes: Buffer | string;
}

/**
 * hashFile computes a checksum file exactly as Atlas computes atlas.sum (ariga/atlas
 * sql/migrate/dir.go, NewHashFile + MarshalText): one running SHA-256 fed each file's name
 * then its bytes, each file's line carrying the running sum so far (base64); the first line
 * `h1:` is SHA-256 over every name and line sum. An edit, removal or reordering changes it.
 */
export function hashFile(entries: readonly SumEntry[]): string {
  return sumText(runningSum(entries));
}

/** RunningSum is the state of hashFile after some entries, to be continued with more. */
export interface RunningSum {
  readonly hash: Hash;
  readonly lines: readonly (readonly [string, string])[];
}

/**
 * runningSum feeds entries to the running hash, after those of `from` when given (which stays
 * as it was): a stream's next checksum continues from the files already verified, without
 * reading and hashing them again.
 */
export function runningSum(entries: readonly SumEntry[], from?: RunningSum): RunningSum {
  const hash = from ? from.hash.copy() : createHash('sha256');
  const lines: (readonly [string, string])[] = from ? [...from.lines] : [];
  for (const e of entries) {
    hash.update(e.name);
    hash.update(e.bytes);
    lines.push([e.name, hash.copy().digest('base64')]);
  }
  return { hash, lines };
}

/** sumText prints a checksum file from a running sum's lines. */
export function sumText(sum: RunningSum): string {
  const total = createHash('sha256');
  for (const [n, h] of sum.lines) total.update(n).update(h);
  return `h1:${total.digest('base64')}\n${sum.lines.map(([n, h]) => `${n} h1:${h}\n`).join('')}`;
}

/** parseHashFile reads the per-file sums of a checksum file (name -> sum); null when malformed. */
export function parseHashFile(text: string): Map<string, string> | null {
  const lines = text.split('\n').filter((l) => l !== '');
  if (!lines[0]?.startsWith('h1:')) return null;
  const out = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const at = line.lastIndexOf(' h1:');
    if (at < 0) return null;
    out.set(line.slice(0, at), line.slice(at + 4));
  }
  return out;
}
