import { columnOf, description, node, typeText, type BqColumn, type BqTable } from './zetasql.js';

// What ZetaSQL resolved, applied to a catalog of tables: CREATE TABLE makes one, each ALTER
// action changes it, DROP removes it. Everything comes from ZetaSQL's resolved AST, never from
// our SQL text, so "create(old) + migration = create(new)" is checked on the analyzer's reading.

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** Catalog is the tables a script has created so far, by path. */
export type Catalog = Map<string, BqTable>;

/** tableFromCreate reads a resolved CREATE TABLE statement. */
export function tableFromCreate(stmt: Json): BqTable {
  const create = node(stmt);
  const base = create.parent ?? create;
  const path = base.parent.name_path.join('.');
  return {
    name: path,
    columns: base.column_definition_list.map(columnOf),
    primaryKey: base.primary_key ? base.primary_key.column_name_list : null,
    clusterBy: (create.cluster_by_list ?? []).map((r: Json) => node(r).column.name),
    description: description(base.option_list) ?? null,
  };
}

const colName = (action: Json) => {
  const c = action.parent?.column;
  return typeof c === 'string' ? c : c?.name;
};

function alterColumn(t: BqTable, name: string, f: (c: BqColumn) => BqColumn | null): BqTable {
  const lower = name.toLowerCase(); // BigQuery column names are case-insensitive
  return { ...t, columns: t.columns.flatMap((c) => (c.name.toLowerCase() === lower ? [f(c)].filter((x): x is BqColumn => x !== null) : [c])) };
}

function applyAction(t: BqTable, wrapped: Json): BqTable {
  const kind: string = wrapped.node;
  const a = node(wrapped);
  switch (kind) {
    case 'resolved_add_column_action_node':
      return { ...t, columns: [...t.columns, columnOf(a.column_definition)] };
    case 'resolved_drop_column_action_node':
      return alterColumn(t, a.name, () => null);
    case 'resolved_rename_column_action_node':
      return {
        ...alterColumn(t, a.name, (c) => ({ ...c, name: a.new_name })),
        clusterBy: t.clusterBy.map((n) => (n === a.name ? a.new_name : n)),
        primaryKey: t.primaryKey && t.primaryKey.map((n) => (n === a.name ? a.new_name : n)),
      };
    case 'resolved_alter_column_action_node':
      return applyColumnAction(t, wrapped[kind]);
    case 'resolved_set_options_action_node': {
      const d = description(a.option_list);
      return d === undefined ? t : { ...t, description: d };
    }
    case 'resolved_add_constraint_action_node':
      return { ...t, primaryKey: node(a.constraint).column_name_list };
    case 'resolved_drop_primary_key_action_node':
      return { ...t, primaryKey: null };
    case 'resolved_rename_to_action_node': {
      const dataset = t.name.includes('.') ? `${t.name.slice(0, t.name.lastIndexOf('.'))}.` : '';
      return { ...t, name: `${dataset}${a.new_path.join('.')}` };
    }
    default:
      throw new Error(`no model for ALTER action ${kind}`);
  }
}

function applyColumnAction(t: BqTable, wrapped: Json): BqTable {
  const a = node(wrapped);
  const name = colName(a);
  switch (wrapped.node) {
    case 'resolved_alter_column_set_data_type_action_node':
      return alterColumn(t, name, (c) => ({ ...c, type: typeText(a.updated_type, a.updated_type_parameters), proto: a.updated_type }));
    case 'resolved_alter_column_drop_not_null_action_node':
      return alterColumn(t, name, (c) => ({ ...c, notNull: false }));
    case 'resolved_alter_column_set_default_action_node':
      return alterColumn(t, name, (c) => ({ ...c, default: a.default_value.sql }));
    case 'resolved_alter_column_drop_default_action_node':
      return alterColumn(t, name, (c) => ({ ...c, default: null }));
    case 'resolved_alter_column_options_action_node': {
      const d = description(a.option_list);
      return alterColumn(t, name, (c) => (d === undefined ? c : { ...c, description: d }));
    }
    default:
      throw new Error(`no model for ALTER COLUMN action ${wrapped.node}`);
  }
}

/** apply changes the catalog as one resolved statement does (queries and DML change no table). */
export function apply(catalog: Catalog, stmt: Json): void {
  const s = node(stmt);
  switch (stmt.node) {
    case 'resolved_create_statement_node': {
      const t = tableFromCreate(stmt);
      catalog.set(t.name, t);
      return;
    }
    case 'resolved_drop_stmt_node':
      catalog.delete(s.name_path.join('.'));
      return;
    case 'resolved_alter_object_stmt_node': {
      const path = s.parent.name_path.join('.');
      const after = (s.parent.alter_action_list as Json[]).reduce(applyAction, catalog.get(path)!);
      catalog.delete(path);
      catalog.set(after.name, after);
      return;
    }
    case 'resolved_query_stmt_node':
    case 'resolved_update_stmt_node':
    case 'resolved_insert_stmt_node':
      return;
    default:
      throw new Error(`no model for statement ${stmt.node}`);
  }
}

// BigQuery's own limits, beyond GoogleSQL's grammar and types (ZetaSQL checks those): from the
// BigQuery docs on schemas, clustering, column modes and ALTER COLUMN SET DATA TYPE.
const CLUSTERABLE = new Set(['INT64', 'STRING', 'BOOL', 'DATE', 'DATETIME', 'TIMESTAMP', 'NUMERIC', 'BIGNUMERIC', 'GEOGRAPHY', 'RANGE']);
const COERCE: Record<string, readonly string[]> = { INT64: ['NUMERIC', 'BIGNUMERIC', 'FLOAT64'], NUMERIC: ['BIGNUMERIC', 'FLOAT64'], BIGNUMERIC: ['FLOAT64'] };
// Flexible column names: letters, marks, numbers, connectors, dashes, spaces and & % = + : ' < > # |.
const COLUMN_NAME = /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}&%=+:'<>#|]{1,300}$/u;
const RESERVED_PREFIX = /^(_TABLE_|_FILE_|_PARTITION|_ROW_TIMESTAMP|__ROOT__|_COLIDENTIFIER)/i;

function columnProblems(c: BqColumn, where: string): string[] {
  const out: string[] = [];
  if (!COLUMN_NAME.test(c.name)) out.push(`${where}: column name "${c.name}" has characters BigQuery does not allow`);
  if (RESERVED_PREFIX.test(c.name)) out.push(`${where}: column name "${c.name}" uses a reserved prefix`);
  if (c.notNull && c.type.startsWith('ARRAY<')) out.push(`${where}: ARRAY column "${c.name}" cannot be NOT NULL (REPEATED)`);
  return out;
}

function numeric(type: string): { base: string; p: number; s: number } | null {
  const m = /^(NUMERIC|BIGNUMERIC)(?:\((\d+), (\d+)\))?$/.exec(type);
  return m ? { base: m[1]!, p: Number(m[2] ?? (m[1] === 'NUMERIC' ? 38 : 76)), s: Number(m[3] ?? (m[1] === 'NUMERIC' ? 9 : 38)) } : null;
}

/** typeChangeAllowed is BigQuery's SET DATA TYPE rule: a coercion of the documented table, or wider numeric parameters. */
export function typeChangeAllowed(from: string, to: string): boolean {
  if (from === to) return true;
  const [a, b] = [numeric(from), numeric(to)];
  const base = (t: string) => numeric(t)?.base ?? t;
  if (a && b && a.base === b.base) return b.s >= a.s && b.p - b.s >= a.p - a.s;
  if (!(COERCE[base(from)] ?? []).includes(base(to))) return false;
  return !b || base(from) !== 'INT64' || b.p - b.s >= 19;
}

/** bigqueryProblems lists what BigQuery would reject in a resolved statement that ZetaSQL accepts. */
export function bigqueryProblems(stmt: Json, catalog: Catalog): string[] {
  const s = node(stmt);
  if (stmt.node === 'resolved_create_statement_node') {
    const t = tableFromCreate(stmt);
    const out = t.columns.flatMap((c) => columnProblems(c, t.name));
    const lower = t.columns.map((c) => c.name.toLowerCase());
    if (new Set(lower).size !== lower.length) out.push(`${t.name}: column names collide case-insensitively`);
    if (t.clusterBy.length > 4) out.push(`${t.name}: CLUSTER BY has more than 4 columns`);
    for (const n of t.clusterBy) {
      const type = t.columns.find((c) => c.name === n)!.type;
      if (!CLUSTERABLE.has(numeric(type)?.base ?? type)) out.push(`${t.name}: cannot cluster by ${type} column "${n}"`);
    }
    return out;
  }
  if (stmt.node !== 'resolved_alter_object_stmt_node') return [];
  const path = s.parent.name_path.join('.');
  const t = catalog.get(path)!;
  return (s.parent.alter_action_list as Json[]).flatMap((w: Json): string[] => {
    const a = node(w);
    if (w.node === 'resolved_add_column_action_node') {
      const c = columnOf(a.column_definition);
      return [...columnProblems(c, path), ...(c.notNull ? [`${path}: cannot add a REQUIRED column "${c.name}" to an existing table`] : [])];
    }
    if (w.node === 'resolved_drop_column_action_node' && t.clusterBy.includes(a.name)) return [`${path}: cannot drop clustering column "${a.name}"`];
    if (w.node === 'resolved_rename_column_action_node') return columnProblems({ ...t.columns.find((c) => c.name === a.name)!, name: a.new_name }, path);
    if (w.node === 'resolved_alter_column_action_node' && w[w.node].node === 'resolved_alter_column_set_data_type_action_node') {
      const inner = a;
      const from = t.columns.find((c) => c.name === colName(inner))!.type;
      const to = typeText(inner.updated_type, inner.updated_type_parameters);
      return typeChangeAllowed(from, to) ? [] : [`${path}: SET DATA TYPE ${from} -> ${to} is not a widening BigQuery allows`];
    }
    return [];
  });
}
