import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

// ZetaSQL is Google's open-source GoogleSQL front end: the parser and analyzer of BigQuery's SQL
// dialect. npm `@fivetrandevelopers/zetasql` ships its local_service server as a prebuilt binary;
// it is started on a free local port and asked, over gRPC, to parse and analyze each statement.

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('@fivetrandevelopers/zetasql/package.json')), 'lib', 'zetasql');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** ZetaSQL is a running ZetaSQL local service with BigQuery's language options. */
export interface ZetaSQL {
  /** parse checks a statement against the GoogleSQL grammar; throws with ZetaSQL's message. */
  parse(sql: string): Promise<void>;
  /** analyze resolves a statement (names, types, coercions) against a catalog of tables; throws with ZetaSQL's message. */
  analyze(sql: string, tables: readonly BqTable[]): Promise<Json>;
  close(): void;
}

/** BqColumn is one column as ZetaSQL resolved it. */
export interface BqColumn {
  readonly name: string;
  /** GoogleSQL type text with parameters, e.g. ARRAY<NUMERIC(10, 2)>. */
  readonly type: string;
  readonly notNull: boolean;
  readonly default: string | null;
  readonly description: string | null;
  /** The TypeProto, for the catalog of later statements. */
  readonly proto: Json;
}

/** BqTable is one table as ZetaSQL resolved its CREATE TABLE and later ALTERs. */
export interface BqTable {
  /** The table path as written in one pair of backquotes, e.g. `metaxy.m__t`. */
  readonly name: string;
  readonly columns: readonly BqColumn[];
  readonly primaryKey: readonly string[] | null;
  readonly clusterBy: readonly string[];
  readonly description: string | null;
}

/** startZetaSQL starts the server (one per test file) and loads BigQuery's language options. */
export async function startZetaSQL(): Promise<ZetaSQL> {
  const port = await freePort();
  const binary = path.join(dir, `remote_server${process.arch.startsWith('arm') ? '_arm' : ''}${process.platform === 'darwin' ? '' : '.so'}`);
  const child: ChildProcess = spawn(binary, ['127.0.0.1', String(port)], { stdio: 'ignore' });
  const def = protoLoader.loadSync('local_service.proto', { keepCase: true, longs: Number, enums: String, defaults: false, oneofs: true, includeDirs: [path.join(dir, 'protos')] });
  const pkg = grpc.loadPackageDefinition(def) as Json;
  const api = new pkg.zetasql.local_service.ZetaSqlLocalService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = (method: string, req: Json): Promise<Json> =>
    new Promise((resolve, reject) => api[method](req, (e: Json, r: Json) => (e ? reject(new Error(e.details ?? String(e))) : resolve(r))));
  for (let i = 0; ; i++) {
    try {
      await call('formatSql', { sql: 'SELECT 1' });
      break;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // All released GoogleSQL features, BigQuery's external product mode (INT64, FLOAT64, ... only),
  // and the DDL statements we emit.
  const options = await call('getLanguageOptions', { maximum_features: true });
  options.product_mode = 'PRODUCT_EXTERNAL';
  options.enabled_language_features.push('FEATURE_ALTER_COLUMN_SET_DATA_TYPE');
  options.supported_statement_kinds = ['QUERY', 'CREATE_TABLE', 'ALTER_TABLE', 'DROP', 'UPDATE', 'INSERT'].map((k) => `RESOLVED_${k}_STMT`);
  const catalog = (tables: readonly BqTable[]) => ({
    name: 'bigquery',
    builtin_function_options: { language_options: options },
    table: tables.map((t) => ({ name: t.name, column: t.columns.map((c) => ({ name: c.name, type: c.proto })) })),
  });
  return {
    parse: async (sql) => void (await call('parse', { sql_statement: sql, options })),
    analyze: async (sql, tables) => (await call('analyze', { sql_statement: sql, options: { language_options: options }, simple_catalog: catalog(tables) })).resolved_statement,
    close: () => void child.kill('SIGKILL'),
  };
}

/** node unwraps ZetaSQL's oneof wrappers: { x_node: {...}, node: 'x_node' } -> {...}. */
export function node(v: Json): Json {
  let cur = v;
  while (cur && typeof cur.node === 'string' && cur[cur.node]) cur = cur[cur.node];
  return cur;
}

const BASE: Record<string, string> = { TYPE_DOUBLE: 'FLOAT64', TYPE_FLOAT: 'FLOAT32', TYPE_INT32: 'INT32' };

/** typeText prints a TypeProto (with its type parameters) as GoogleSQL type text. */
export function typeText(t: Json, params?: Json): string {
  switch (t.type_kind) {
    case 'TYPE_ARRAY':
      return `ARRAY<${typeText(t.array_type.element_type, params?.child_list?.[0])}>`;
    case 'TYPE_STRUCT':
      return `STRUCT<${t.struct_type.field.map((f: Json, i: number) => `${f.field_name} ${typeText(f.field_type, params?.child_list?.[i])}`).join(', ')}>`;
    default: {
      const base = BASE[t.type_kind] ?? String(t.type_kind).replace(/^TYPE_/, '');
      const n = params?.numeric_type_parameters;
      return n && n.precision !== undefined ? `${base}(${n.precision}, ${n.scale ?? 0})` : base;
    }
  }
}

/** literalText is a resolved literal's string value (descriptions), or null for NULL. */
function literalText(v: Json): string | null {
  const lit = node(v);
  return lit?.value?.value?.string_value ?? null;
}

/** description reads `description` from a resolved OPTIONS list. */
export function description(options: Json[] | undefined): string | null | undefined {
  const o = (options ?? []).find((x: Json) => x.name === 'description');
  return o === undefined ? undefined : literalText(o.value);
}

/** annotationParams gathers a column's type parameters, which CREATE TABLE keeps per element in the annotations' child_list. */
function annotationParams(ann: Json): Json {
  if (!ann) return undefined;
  const own = ann.type_parameters ?? {};
  return ann.child_list?.length ? { ...own, child_list: ann.child_list.map(annotationParams) } : own;
}

/** columnOf reads a resolved column definition. */
export function columnOf(def: Json): BqColumn {
  return {
    name: def.name,
    type: typeText(def.type, annotationParams(def.annotations)),
    notNull: def.annotations?.not_null === true,
    default: def.default_value?.sql ?? null,
    description: description(def.annotations?.option_list) ?? null,
    proto: def.type,
  };
}
