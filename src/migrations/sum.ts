import { createHash } from 'node:crypto';

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
  const running = createHash('sha256');
  const lines: [string, string][] = [];
  for (const e of entries) {
    running.update(e.name);
    running.update(e.bytes);
    lines.push([e.name, running.copy().digest('base64')]);
  }
  const total = createHash('sha256');
  for (const [n, h] of lines) total.update(n).update(h);
  return `h1:${total.digest('base64')}\n${lines.map(([n, h]) => `${n} h1:${h}\n`).join('')}`;
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
