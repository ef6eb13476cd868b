import type { Capabilities } from '../../src/dialects/dialect.js';
import type { Change, ChangeKind } from '../../src/diff/changes.js';
import type { DefaultValue } from '../../src/ir/feature.js';
import type { Column, Index, Table } from '../../src/ir/schema.js';
import { scalar, type ColumnType } from '../../src/ir/types.js';

// One small feature table and one case per Change kind (several for kinds with distinct
// paths): `from` and `to` are the tables before and after, `changes` what a plan would hold.
// Dialect tests run create(from) + change(changes) and compare with create(to).

const list = (of: ColumnType): ColumnType => ({ kind: 'List', of });
const dec = (precision: number, scale: number): ColumnType => ({ kind: 'Decimal', precision, scale });

/** col builds a column of a test table. */
export function col(name: string, type: ColumnType, opts: { nullable?: boolean; default?: DefaultValue; comment?: string } = {}): Column {
  return {
    name,
    type,
    nullable: opts.nullable ?? false,
    ...(opts.default === undefined ? {} : { default: opts.default }),
    comment: opts.comment ?? null,
    renamedFrom: null,
    span: null,
  };
}

const KEY = ['metaxy_feature_version', 'id', 'metaxy_updated_at'];

/** baseTable is `m__t`: a key, a few user columns of each shape, and Metaxy's key system columns. */
export function baseTable(supports: Pick<Capabilities, 'primaryKey'>, name = 'm__t'): Table {
  return {
    kind: 'Table',
    name,
    key: 'm/t',
    comment: 'A test table',
    columns: [
      col('id', scalar('string')),
      col('a', scalar('int32')),
      col('b', scalar('string'), { nullable: true, comment: 'bee' }),
      col('c', list(scalar('string')), { nullable: true }),
      col('d', dec(10, 2), { default: '1.50' }),
      col('n', scalar('int64')),
      col('s', { kind: 'Struct', fields: [{ name: 'x', type: scalar('int32') }] }, { nullable: true }),
      col('metaxy_feature_version', scalar('string')),
      col('metaxy_updated_at', scalar('timestamptz')),
    ],
    primaryKey: supports.primaryKey === 'none' ? null : { name: `${name}_metaxy_pk`, columns: KEY },
    indexes: [],
    orderBy: KEY,
    dependsOn: [],
    renamedFrom: null,
    span: null,
  };
}

/** ChangeCase is one change (or a few) applied to the test table. */
export interface ChangeCase {
  readonly name: string;
  readonly kind: ChangeKind;
  readonly from: readonly Table[];
  readonly to: readonly Table[];
  readonly changes: readonly Change[];
  /** A value the row inserted before the change must hold after it. */
  readonly check?: { readonly column: string; readonly value: unknown };
}

const with_ = (t: Table, f: (cols: Column[]) => Column[], extra: Partial<Table> = {}): Table => ({ ...t, columns: f([...t.columns]), ...extra });
const replace = (cols: Column[], name: string, c: Column) => cols.map((x) => (x.name === name ? c : x));
const find = (t: Table, name: string) => t.columns.find((c) => c.name === name)!;

/** changeCases lists every case for a dialect with the given capabilities; a table rebuild only for a dialect that rebuilds tables. */
export function changeCases(supports: Pick<Capabilities, 'primaryKey'>, rebuilds: boolean): ChangeCase[] {
  const t = baseTable(supports);
  const ix: Index = { name: 'm__t_a_idx', columns: ['a'], unique: false };
  const pk = { name: 'm__t_metaxy_pk', columns: KEY };
  const add = (c: Column, backfill?: DefaultValue): ChangeCase => ({
    name: `add-column-${c.name}`,
    kind: 'AddColumn',
    from: [t],
    to: [with_(t, (cols) => [...cols, c])],
    changes: [{ kind: 'AddColumn', table: t.name, column: c, ...(backfill === undefined ? {} : { backfill }) }],
    ...(c.default !== undefined || backfill !== undefined ? { check: { column: c.name, value: c.default ?? backfill } } : {}),
  });
  const retype = (name: string, from: string, type: ColumnType): ChangeCase => {
    const to = { ...find(t, from), type };
    return { name, kind: 'AlterColumnType', from: [t], to: [with_(t, (cols) => replace(cols, from, to))], changes: [{ kind: 'AlterColumnType', table: t.name, from: find(t, from), to }] };
  };
  const renull = (name: string, column: string, nullable: boolean, backfill?: DefaultValue): ChangeCase => {
    const c = { ...find(t, column), nullable };
    return {
      name,
      kind: 'AlterColumnNull',
      from: [t],
      to: [with_(t, (cols) => replace(cols, column, c))],
      changes: [{ kind: 'AlterColumnNull', table: t.name, column: c, nullable, ...(backfill === undefined ? {} : { backfill }) }],
      ...(backfill === undefined ? {} : { check: { column, value: backfill } }),
    };
  };
  const { default: _dropped, ...dNoDefault } = find(t, 'd');
  const a7 = { ...find(t, 'a'), default: 7 };
  const withoutPk = { ...t, primaryKey: null };
  const rebuilt = with_(t, (cols) => [...cols.filter((c) => c.name !== 'a' && c.name !== 'b'), col('b2', scalar('string'), { nullable: true }), col('k', scalar('string'), { default: 'z' }), col('q', scalar('date'))]);
  return [
    { name: 'add-table', kind: 'AddTable', from: [], to: [t], changes: [{ kind: 'AddTable', table: t }] },
    { name: 'drop-table', kind: 'DropTable', from: [t], to: [], changes: [{ kind: 'DropTable', table: t }] },
    { name: 'rename-table', kind: 'RenameTable', from: [t], to: [baseTable(supports, 'm__u')], changes: [{ kind: 'RenameTable', from: 'm__t', to: 'm__u' }] },
    add(col('e', scalar('float64'), { nullable: true, comment: 'eee' })),
    add(col('f', scalar('string'), { nullable: true, default: 'x', comment: "it's f" })),
    add(col('f2', scalar('int64'), { default: 5 })),
    add(col('g', scalar('int32')), 0),
    add(col('h', list(scalar('int64'))), []),
    { name: 'drop-column', kind: 'DropColumn', from: [t], to: [with_(t, (cols) => cols.filter((c) => c.name !== 'a'))], changes: [{ kind: 'DropColumn', table: t.name, column: find(t, 'a') }] },
    { name: 'drop-key-column', kind: 'DropColumn', from: [t], to: [t], changes: [{ kind: 'DropColumn', table: t.name, column: find(t, 'metaxy_updated_at') }] },
    { name: 'rename-column', kind: 'RenameColumn', from: [t], to: [with_(t, (cols) => replace(cols, 'a', { ...find(t, 'a'), name: 'a2' }))], changes: [{ kind: 'RenameColumn', table: t.name, from: 'a', to: 'a2' }] },
    { name: 'rename-key-column', kind: 'RenameColumn', from: [t], to: [t], changes: [{ kind: 'RenameColumn', table: t.name, from: 'metaxy_feature_version', to: 'fv' }] },
    retype('retype-int-widen', 'a', scalar('int64')),
    retype('retype-decimal-widen', 'd', dec(12, 2)),
    retype('retype-int-to-decimal', 'n', dec(25, 2)),
    retype('retype-narrow', 'b', scalar('int64')),
    retype('retype-key', 'metaxy_updated_at', scalar('timestamp')),
    renull('null-drop', 'a', true),
    renull('null-set', 'b', false, ''),
    renull('null-set-list', 'c', false, []),
    { name: 'default-set', kind: 'AlterColumnDefault', from: [t], to: [with_(t, (cols) => replace(cols, 'a', a7))], changes: [{ kind: 'AlterColumnDefault', table: t.name, column: a7 }] },
    { name: 'default-drop', kind: 'AlterColumnDefault', from: [t], to: [with_(t, (cols) => replace(cols, 'd', dNoDefault))], changes: [{ kind: 'AlterColumnDefault', table: t.name, column: dNoDefault, from: '1.50' }] },
    { name: 'table-comment-set', kind: 'SetTableComment', from: [t], to: [{ ...t, comment: "Now it's this" }], changes: [{ kind: 'SetTableComment', table: t.name, comment: "Now it's this", from: t.comment }] },
    { name: 'table-comment-drop', kind: 'SetTableComment', from: [t], to: [{ ...t, comment: null }], changes: [{ kind: 'SetTableComment', table: t.name, comment: null, from: t.comment }] },
    { name: 'column-comment-set', kind: 'SetColumnComment', from: [t], to: [with_(t, (cols) => replace(cols, 'a', { ...find(t, 'a'), comment: 'ay' }))], changes: [{ kind: 'SetColumnComment', table: t.name, column: 'a', comment: 'ay', from: null }] },
    { name: 'column-comment-drop', kind: 'SetColumnComment', from: [t], to: [with_(t, (cols) => replace(cols, 'b', { ...find(t, 'b'), comment: null }))], changes: [{ kind: 'SetColumnComment', table: t.name, column: 'b', comment: null, from: 'bee' }] },
    { name: 'add-index', kind: 'AddIndex', from: [t], to: [t], changes: [{ kind: 'AddIndex', table: t.name, index: ix }] },
    { name: 'drop-index', kind: 'DropIndex', from: [t], to: [t], changes: [{ kind: 'DropIndex', table: t.name, index: ix }] },
    { name: 'rename-index', kind: 'RenameIndex', from: [t], to: [t], changes: [{ kind: 'RenameIndex', table: t.name, from: ix.name, to: 'm__t_a_idx2', index: { ...ix, name: 'm__t_a_idx2' } }] },
    { name: 'add-primary-key', kind: 'AddPrimaryKey', from: [withoutPk], to: [{ ...withoutPk, primaryKey: pk }], changes: [{ kind: 'AddPrimaryKey', table: t.name, key: pk }] },
    { name: 'drop-primary-key', kind: 'DropPrimaryKey', from: [{ ...t, primaryKey: pk }], to: [withoutPk], changes: [{ kind: 'DropPrimaryKey', table: t.name, key: pk }] },
    { name: 'rename-primary-key', kind: 'RenamePrimaryKey', from: [t], to: [t], changes: [{ kind: 'RenamePrimaryKey', table: t.name, from: pk.name, to: 'm__t_pk2' }] },
    ...(rebuilds
      ? [
          {
            name: 'rebuild-table',
            kind: 'RebuildTable',
            from: [t],
            to: [rebuilt],
            changes: [{ kind: 'RebuildTable', from: t, to: rebuilt, sources: Object.fromEntries(rebuilt.columns.map((c) => [c.name, c.name === 'b2' ? 'b' : c.name === 'k' || c.name === 'q' ? null : c.name])) }],
            check: { column: 'k', value: 'z' },
          } satisfies ChangeCase,
        ]
      : []),
  ];
}

/** Outcome is what a dialect does with a case: applies it, does nothing (nothing is stored differently), or refuses it with a reason matching the pattern. */
export type Outcome = 'applies' | 'no-op' | RegExp;
