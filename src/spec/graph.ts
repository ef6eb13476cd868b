import { diag } from '../diagnostics/codes.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { tableBaseName, type Feature } from '../ir/feature.js';
import { parentFields } from '../versions/parents.js';

/**
 * checkGraph runs the checks that span features: duplicate keys, two keys on one table name,
 * deps on missing features, dependency cycles and field deps. It returns the features that
 * remain (first definition of each key), sorted by key. Keys in `unreadable` belong to
 * documents that failed earlier checks: deps on them are not reported again.
 */
export function checkGraph(features: readonly Feature[], out: Diagnostic[], unreadable: ReadonlySet<string> = new Set()): Feature[] {
  const byKey = new Map<string, Feature>();
  const byTable = new Map<string, Feature>();
  for (const f of features) {
    const first = byKey.get(f.key);
    if (first) {
      out.push(diag('DUPLICATE_FEATURE', f.span, f.key, where(first.span)));
      continue;
    }
    byKey.set(f.key, f);
    const table = tableBaseName(f.parts);
    const other = byTable.get(table);
    if (other) out.push(diag('TABLE_COLLISION', f.span, table, f.key, other.key, where(other.span)));
    else byTable.set(table, f);
  }
  const unique = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  for (const f of unique) {
    for (const d of f.deps) if (!byKey.has(d.feature) && !unreadable.has(d.feature)) out.push(diag('MISSING_DEP', d.span, f.key, d.feature));
  }
  for (const cycle of findCycles(unique, byKey)) {
    const head = byKey.get(cycle[0]!)!;
    const span = head.deps.find((d) => d.feature === cycle[1])?.span ?? head.span;
    out.push(diag('DEP_CYCLE', span, cycle.join(' -> ')));
  }
  for (const f of unique) {
    for (const field of f.fields) {
      for (const p of parentFields(f, field, byKey).problems) {
        if (p.code === 'NO_PARENT_FIELDS') out.push(diag(p.code, p.span, field.key, f.key));
        else if (p.code === 'MISSING_FIELD_DEP') out.push(diag(p.code, p.span, p.feature, p.field));
        else out.push(diag(p.code, p.span, field.key, p.feature));
      }
    }
  }
  return unique;
}

/** where prints a span as `file:line:col`, to name another definition in a message. */
export function where(s: Span): string {
  return `${s.file}:${s.line}:${s.col}`;
}

/**
 * findCycles returns each dependency cycle once, as keys from its smallest key around back
 * to it (`a -> b -> a`), found by Tarjan's strongly connected components.
 */
export function findCycles(features: readonly Feature[], byKey: ReadonlyMap<string, Feature>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const depsOf = new Map<string, string[]>();
  const deps = (k: string) => {
    let list = depsOf.get(k);
    if (list === undefined) depsOf.set(k, (list = [...new Set(byKey.get(k)?.deps.map((d) => d.feature).filter((d) => byKey.has(d)) ?? [])].sort()));
    return list;
  };
  const visit = (start: string) => {
    // iterative Tarjan: deep dependency chains must not overflow the call stack
    const work: { key: string; i: number }[] = [{ key: start, i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const children = deps(top.key);
      if (top.i < children.length) {
        const c = children[top.i++]!;
        if (!index.has(c)) {
          index.set(c, next);
          low.set(c, next++);
          stack.push(c);
          onStack.add(c);
          work.push({ key: c, i: 0 });
        } else if (onStack.has(c)) low.set(top.key, Math.min(low.get(top.key)!, index.get(c)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.key, Math.min(low.get(parent.key)!, low.get(top.key)!));
      if (low.get(top.key) === index.get(top.key)) {
        const scc: string[] = [];
        let k: string;
        do {
          k = stack.pop()!;
          onStack.delete(k);
          scc.push(k);
        } while (k !== top.key);
        const self = scc.length === 1 && deps(top.key).includes(top.key);
        if (scc.length > 1 || self) cycles.push(cyclePath(scc.sort(), deps));
      }
    }
  };
  for (const f of features) if (!index.has(f.key)) visit(f.key);
  return cycles.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** cyclePath walks from the smallest key of a component back to itself, staying inside it. */
function cyclePath(scc: readonly string[], deps: (k: string) => string[]): string[] {
  const members = new Set(scc);
  const start = scc[0]!;
  // breadth-first for the shortest way back to start
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const k = queue.shift()!;
    for (const d of deps(k)) {
      if (!members.has(d)) continue;
      if (d === start) {
        const path = [start];
        for (let c: string | undefined = k; c !== undefined && c !== start; c = prev.get(c)) path.splice(1, 0, c);
        return [...path, start];
      }
      if (!prev.has(d)) {
        prev.set(d, k);
        queue.push(d);
      }
    }
  }
  return [start, start];
}
