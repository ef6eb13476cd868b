import { zeroValue } from '../diff/diff.js';
import type { Change } from '../diff/changes.js';
import type { Statement } from '../emit/statement.js';
import { sameType } from '../ir/types.js';
import { columnList, type Dialect, type EmitContext, type RebuildHooks } from './dialect.js';

/**
 * changeStatements emits one planned change: a table rebuild by copy through the one rebuild
 * below, with the dialect's hooks; any other change by the dialect itself.
 */
export function changeStatements(d: Dialect, c: Change, ctx: EmitContext): Statement[] {
  if (c.kind !== 'RebuildTable') return d.change(c, ctx);
  // The planner rebuilds only where a capability says a change cannot be made in place.
  if (d.rebuild === null) throw new Error(`${d.label} makes every change in place: no table of it is rebuilt`);
  return rebuildTable(d, d.rebuild, c, ctx);
}

/**
 * rebuildTable recreates a table by copy: the new shape under a temporary name (with its
 * comments where they are part of CREATE TABLE), the rows copied from their source columns
 * (converted to the new type; NULLs of a column now NOT NULL, and new NOT NULL columns without
 * default, get the type's zero value), the old table dropped, the new one renamed, then the rest
 * of its CREATE statements (indexes, and comments where they are statements of their own).
 */
function rebuildTable(d: Dialect, hooks: RebuildHooks, c: Extract<Change, { kind: 'RebuildTable' }>, ctx: EmitContext): Statement[] {
  const { from, to, sources } = c;
  const tmp = `${to.name}__metaxy_rebuild`;
  const source = `table ${to.name}`;
  const bare = d.supports.commentStatements ? { comment: null, columns: to.columns.map((col) => ({ ...col, comment: null })) } : {};
  const create = d.createTable({ ...to, ...bare, name: tmp, indexes: [] }, ctx);
  const copied: { name: string; value: string }[] = [];
  for (const col of to.columns) {
    const fill = hooks.typed(col.default ?? zeroValue(col.type), col.type);
    const old = from.columns.find((o) => o.name === sources[col.name]);
    if (!old) {
      if (!col.nullable && col.default === undefined) copied.push({ name: col.name, value: fill });
      continue;
    }
    const value = sameType(old.type, col.type) ? d.ident(old.name) : hooks.convert(d.ident(old.name), old.type, col.type);
    copied.push({ name: col.name, value: !col.nullable && old.nullable ? `COALESCE(${value}, ${fill})` : value });
  }
  return [
    ...create.map((s) => ({ ...s, comment: `Rebuild "${to.name}": create its new shape`, source })),
    {
      sql: `INSERT INTO ${d.table(tmp, ctx)} ${columnList(d, copied.map((x) => x.name))} SELECT ${copied.map((x) => x.value).join(', ')} FROM ${d.table(from.name, ctx)}`,
      comment: `Rebuild "${to.name}": copy its rows`,
      source,
    },
    { sql: `DROP TABLE ${d.table(from.name, ctx)}`, comment: `Rebuild "${to.name}": drop the old table`, source },
    { sql: `ALTER TABLE ${d.table(tmp, ctx)} RENAME TO ${d.ident(to.name)}`, comment: `Rebuild "${to.name}": take its name`, source },
    ...d.createTable(to, ctx).slice(1),
  ];
}
