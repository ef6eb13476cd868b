import { assertNever } from '../diagnostics/diagnostic.js';
import type { InPlaceChange } from '../diff/changes.js';
import { sqlString, type Statement } from '../emit/statement.js';
import type { Column, Table } from '../ir/schema.js';
import { columnList, columnSpec, indexComment, type Convert, type Dialect, type EmitContext, type RebuildHooks } from './dialect.js';

/**
 * The SQL-standard statements that PostgreSQL and DuckDB share: CREATE TABLE with a named
 * primary key, CREATE INDEX, COMMENT ON, and the ALTER TABLE forms. Dialects call these and
 * override only what differs.
 */

/** standardCreateTable emits CREATE TABLE, its indexes, then its comments. */
export function standardCreateTable(d: Dialect, t: Table, ctx: EmitContext): Statement[] {
  const source = `table ${t.name}`;
  const lines = t.columns.map((c) => `  ${columnSpec(d, c)}`);
  if (t.primaryKey) lines.push(`  CONSTRAINT ${d.ident(t.primaryKey.name)} PRIMARY KEY ${columnList(d, t.primaryKey.columns)}`);
  const out: Statement[] = [
    { sql: `CREATE TABLE ${d.table(t.name, ctx)} (\n${lines.join(',\n')}\n)`, comment: `Create "${t.name}" table`, source },
  ];
  for (const ix of t.indexes) out.push(createIndex(d, t.name, ix, ctx));
  if (t.comment !== null) out.push(tableComment(d, t.name, t.comment, ctx));
  for (const c of t.columns) if (c.comment !== null) out.push(columnComment(d, t.name, c.name, c.comment, ctx));
  return out;
}

function createIndex(d: Dialect, table: string, ix: Table['indexes'][number], ctx: EmitContext): Statement {
  return {
    sql: `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${d.ident(ix.name)} ON ${d.table(table, ctx)} ${columnList(d, ix.columns)}`,
    comment: indexComment('Create', ix, table),
    source: `index ${ix.name}`,
  };
}

function tableComment(d: Dialect, table: string, text: string | null, ctx: EmitContext): Statement {
  return {
    sql: `COMMENT ON TABLE ${d.table(table, ctx)} IS ${text === null ? 'NULL' : sqlString(text)}`,
    comment: `Set comment to table "${table}"`,
    source: `table ${table}`,
  };
}

function columnComment(d: Dialect, table: string, column: string, text: string | null, ctx: EmitContext): Statement {
  return {
    sql: `COMMENT ON COLUMN ${d.table(table, ctx)}.${d.ident(column)} IS ${text === null ? 'NULL' : sqlString(text)}`,
    comment: `Set comment to column "${column}" of "${table}"`,
    source: `column ${table}.${column}`,
  };
}

function alter(d: Dialect, table: string, ctx: EmitContext, action: string, comment: string, source = `table ${table}`): Statement {
  return { sql: `ALTER TABLE ${d.table(table, ctx)} ${action}`, comment, source };
}

/** addColumn adds a column; a NOT NULL one without default gets its backfill as a default, dropped after. */
function addColumn(d: Dialect, table: string, c: Column, backfill: Column['default'], ctx: EmitContext): Statement[] {
  const src = `column ${table}.${c.name}`;
  const fill = c.default ?? backfill;
  const inline = d.supports.addNotNullWithDefault;
  const spec = columnSpec(d, { ...c, nullable: inline ? c.nullable : true, ...(fill === undefined ? {} : { default: fill }) });
  const out = [alter(d, table, ctx, `ADD COLUMN ${spec}`, `Add column "${c.name}" to "${table}"`, src)];
  if (!inline && !c.nullable) {
    // DuckDB may leave a list default unfilled inside a transaction: fill the rows explicitly.
    if (fill !== undefined) {
      out.push({
        sql: `UPDATE ${d.table(table, ctx)} SET ${d.ident(c.name)} = ${d.literal(fill, c.type)} WHERE ${d.ident(c.name)} IS NULL`,
        comment: `Fill "${c.name}" of the rows already in "${table}"`,
        source: src,
      });
    }
    out.push(alter(d, table, ctx, `ALTER COLUMN ${d.ident(c.name)} SET NOT NULL`, `Set "${c.name}" of "${table}" NOT NULL`, src));
  }
  if (c.default === undefined && backfill !== undefined) {
    out.push(alter(d, table, ctx, `ALTER COLUMN ${d.ident(c.name)} DROP DEFAULT`, `Drop the backfill default of "${c.name}" of "${table}"`, src));
  }
  if (c.comment !== null) out.push(columnComment(d, table, c.name, c.comment, ctx));
  return out;
}

/** castTo is the plain conversion: `expr::TYPE`. */
export function castTo(d: Dialect): Convert {
  return (expr, _from, to) => `${expr}::${d.type(to)}`;
}

/** castLiteral types a literal by a cast, `CAST(<literal> AS <type>)`: a struct or list literal is typed by its values otherwise. */
export function castLiteral(d: Pick<Dialect, 'literal' | 'type'>): RebuildHooks['typed'] {
  return (value, t) => `CAST(${d.literal(value, t)} AS ${d.type(t)})`;
}

/** standardChange emits one change in the SQL-standard ALTER forms; `convert` builds type-change expressions. */
export function standardChange(d: Dialect, c: InPlaceChange, ctx: EmitContext, convert: Convert = castTo(d)): Statement[] {
  switch (c.kind) {
    case 'AddTable':
      return d.createTable(c.table, ctx);
    case 'DropTable':
      return [{ sql: `DROP TABLE ${d.table(c.table.name, ctx)}`, comment: `Drop "${c.table.name}" table`, source: `table ${c.table.name}` }];
    case 'RenameTable':
      return [alter(d, c.from, ctx, `RENAME TO ${d.ident(c.to)}`, `Rename table "${c.from}" to "${c.to}"`)];
    case 'AddColumn':
      return addColumn(d, c.table, c.column, c.backfill, ctx);
    case 'DropColumn':
      return [alter(d, c.table, ctx, `DROP COLUMN ${d.ident(c.column.name)}`, `Drop column "${c.column.name}" from "${c.table}"`)];
    case 'RenameColumn':
      return [alter(d, c.table, ctx, `RENAME COLUMN ${d.ident(c.from)} TO ${d.ident(c.to)}`, `Rename column "${c.from}" of "${c.table}" to "${c.to}"`)];
    case 'AlterColumnType': {
      const name = d.ident(c.to.name);
      // The old default may not cast to the new type: drop it first (the differ sets the new one after).
      const drop = c.from.default === undefined ? [] : [alter(d, c.table, ctx, `ALTER COLUMN ${name} DROP DEFAULT`, `Drop the default of "${c.to.name}" of "${c.table}" before its type changes`)];
      const using = convert(name, c.from.type, c.to.type);
      return [
        ...drop,
        alter(d, c.table, ctx, `ALTER COLUMN ${name} TYPE ${d.type(c.to.type)} USING ${using}`, `Change type of "${c.to.name}" of "${c.table}" to ${d.type(c.to.type)}`),
      ];
    }
    case 'AlterColumnNull': {
      const name = d.ident(c.column.name);
      if (c.nullable) return [alter(d, c.table, ctx, `ALTER COLUMN ${name} DROP NOT NULL`, `Make "${c.column.name}" of "${c.table}" nullable`)];
      const out: Statement[] = [];
      if (c.backfill !== undefined) {
        out.push({
          sql: `UPDATE ${d.table(c.table, ctx)} SET ${name} = ${d.literal(c.backfill, c.column.type)} WHERE ${name} IS NULL`,
          comment: `Backfill NULLs of "${c.column.name}" of "${c.table}"`,
          source: `column ${c.table}.${c.column.name}`,
        });
      }
      out.push(alter(d, c.table, ctx, `ALTER COLUMN ${name} SET NOT NULL`, `Set "${c.column.name}" of "${c.table}" NOT NULL`));
      return out;
    }
    case 'AlterColumnDefault': {
      const name = d.ident(c.column.name);
      const action =
        c.column.default === undefined ? `ALTER COLUMN ${name} DROP DEFAULT` : `ALTER COLUMN ${name} SET DEFAULT ${d.literal(c.column.default, c.column.type)}`;
      return [alter(d, c.table, ctx, action, `Change default of "${c.column.name}" of "${c.table}"`)];
    }
    case 'SetTableComment':
      return [tableComment(d, c.table, c.comment, ctx)];
    case 'SetColumnComment':
      return [columnComment(d, c.table, c.column, c.comment, ctx)];
    case 'AddIndex':
      return [createIndex(d, c.table, c.index, ctx)];
    case 'DropIndex':
      return [{ sql: `DROP INDEX ${d.ident(c.index.name)}`, comment: indexComment('Drop', c.index, c.table), source: `index ${c.index.name}` }];
    case 'RenameIndex':
      return [{ sql: `ALTER INDEX ${d.ident(c.from)} RENAME TO ${d.ident(c.to)}`, comment: `Rename index "${c.from}" to "${c.to}"`, source: `index ${c.to}` }];
    case 'AddPrimaryKey':
      return [alter(d, c.table, ctx, `ADD CONSTRAINT ${d.ident(c.key.name)} PRIMARY KEY ${columnList(d, c.key.columns)}`, `Add primary key "${c.key.name}" to "${c.table}"`)];
    case 'DropPrimaryKey':
      return [alter(d, c.table, ctx, `DROP CONSTRAINT ${d.ident(c.key.name)}`, `Drop primary key "${c.key.name}" from "${c.table}"`)];
    case 'RenamePrimaryKey':
      return [alter(d, c.table, ctx, `RENAME CONSTRAINT ${d.ident(c.from)} TO ${d.ident(c.to)}`, `Rename primary key "${c.from}" to "${c.to}"`)];
    case 'SetSortKey':
      // resolve leaves the sort key empty in dialects without one, so the differ never yields this.
      throw new Error(`${d.label} tables have no sort key to change (table "${c.table}")`);
    default:
      return assertNever(c);
  }
}
