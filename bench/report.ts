import type { Measured, Sample } from './measure.js';
import type { Row } from './run.js';

/** The bench's tables: every figure with the floor beside it, and the targets of issue 15. */

const fmtMs = (s: Sample | undefined) => (s ? (s.ms >= 10_000 ? `${(s.ms / 1000).toFixed(1)} s` : `${Math.round(s.ms)} ms`) : '—');
const fmtMb = (s: Sample | undefined) => (s ? `${Math.round(s.rssMb)} MB` : '—');
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? `${(a / b).toFixed(1)}x` : '—');
const over = (a: Sample | undefined, floor: Sample | undefined) => (a && floor ? `${(a.ms / floor.ms).toFixed(2)}x` : '—');

/** table prints one row per size and operation: the floor, metaxy-compile cached and cold (each against the floor), drizzle-kit. */
export function table(rows: readonly Row[]): string {
  const head = [
    '| features | operation | floor | cached | / floor | peak RSS | cold | / floor | peak RSS | drizzle-kit | peak RSS | drizzle / cached | drizzle / cold |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const body = rows.map((r) => {
    const [fl, c, k, dz] = [r.floor?.best, r.ours?.best, r.oursCold?.best, r.drizzle?.best];
    const what = dz && r.drizzleWhat ? ` (${r.drizzleWhat})` : '';
    return `| ${r.features.toLocaleString('en-US')} | ${r.op} | ${fmtMs(fl)} | ${fmtMs(c)} | ${over(c, fl)} | ${fmtMb(c)} | ${fmtMs(k)} | ${over(k, fl)} | ${fmtMb(k)} | ${fmtMs(dz)}${what} | ${fmtMb(dz)} | ${ratio(dz?.ms, c?.ms)} | ${ratio(dz?.ms, k?.ms)} |`;
  });
  return [...head, ...body].join('\n');
}

const sum = (a: Measured | undefined, b: Measured | undefined) => (a && b ? a.best.ms + b.best.ms : undefined);

/**
 * targets prints, per size, what issue 15 asks: drizzle-kit's `generate` initial + after 10%
 * changed against ours (the sums, cached and cold), the slowest command against its floor, and
 * the highest peak RSS of any command.
 */
export function targets(rows: readonly Row[]): string {
  const sizes = [...new Set(rows.map((r) => r.features))];
  const head = ['| features | drizzle / ours, initial + 10% changed (cached / cold) | worst command / floor (cached / cold) | highest peak RSS |', '|---:|---:|---:|---:|'];
  const body = sizes.map((n) => {
    const of = (op: Row['op']) => rows.find((r) => r.features === n && r.op === op);
    const [init, change] = [of('migrate initial'), of('migrate 10% changed')];
    const dz = sum(init?.drizzle, change?.drizzle);
    const mine = rows.filter((r) => r.features === n);
    const worst = (pick: (r: Row) => Measured | undefined) => Math.max(...mine.map((r) => (pick(r) && r.floor ? pick(r)!.best.ms / r.floor.best.ms : 0)));
    const rss = Math.max(...mine.flatMap((r) => [r.ours?.best.rssMb ?? 0, r.oursCold?.best.rssMb ?? 0]));
    return `| ${n.toLocaleString('en-US')} | ${ratio(dz, sum(init?.ours, change?.ours))} / ${ratio(dz, sum(init?.oursCold, change?.oursCold))} | ${worst((r) => r.ours).toFixed(2)}x / ${worst((r) => r.oursCold).toFixed(2)}x | ${Math.round(rss)} MB |`;
  });
  return [...head, ...body, ...scaling(rows)].join('\n');
}

/** scaling is the time of 50,000 features over that of 10,000, per command (when both were measured). */
function scaling(rows: readonly Row[]): string[] {
  const at = (n: number, op: Row['op']) => rows.find((r) => r.features === n && r.op === op);
  const ops = [...new Set(rows.map((r) => r.op))].filter((op) => at(10_000, op) && at(50_000, op));
  if (ops.length === 0) return [];
  const x = (a: Measured | undefined, b: Measured | undefined) => ratio(a?.best.ms, b?.best.ms);
  return ['', '| 50,000 / 10,000 | cached | cold |', '|---|---:|---:|', ...ops.map((op) => `| ${op} | ${x(at(50_000, op)!.ours, at(10_000, op)!.ours)} | ${x(at(50_000, op)!.oursCold, at(10_000, op)!.oursCold)} |`)];
}
