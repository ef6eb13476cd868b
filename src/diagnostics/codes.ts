import type { Diagnostic, Span } from './diagnostic.js';

/**
 * messages is the only catalog of user-facing problems: a stable code and its message.
 * Codes never change meaning; add new ones at the end of their group.
 */
export const messages = {
  // loading
  NO_SPECS: (dir: string) => `no feature spec files (*.yaml, *.yml, *.json) found under ${dir}`,
  FEATURES_NOT_FOUND: (dir: string) => `features folder ${dir} does not exist`,
  NOT_A_FOLDER: (file: string, parent: string) =>
    `${file} is a file, not a features folder: give the folder that holds the specs (such as ${parent}); its files are read together, deps across them included`,
  READ_FAILED: (detail: string) => `cannot read file: ${detail}`,
  YAML_SYNTAX: (detail: string) => `invalid YAML: ${detail}`,
  JSON_SYNTAX: (detail: string) => `invalid JSON: ${detail}`,
  NESTING_TOO_DEEP: (limit: number) => `values nest more than ${limit} levels deep`,
  WRITE_FAILED: (detail: string) => `cannot write: ${detail}`,
  // JSON Schema
  UNKNOWN_KEY: (key: string, where: string, allowed: string) => `unknown key "${key}" in ${where} (allowed: ${allowed})`,
  MISSING_KEY: (key: string, where: string) => `missing required key "${key}" in ${where}`,
  WRONG_TYPE: (where: string, expected: string) => `${where} must be ${expected}`,
  INVALID_VALUE: (where: string, detail: string) => `${where} ${detail}`,
  // semantics
  INVALID_KEY: (key: string, why: string) => `invalid feature key "${key}": ${why}`,
  INVALID_FIELD_KEY: (key: string, why: string) => `invalid field key "${key}": ${why}`,
  UNKNOWN_TYPE: (type: string, why: string) => `unknown column type "${type}": ${why}`,
  RESERVED_COLUMN: (name: string, system: string) => `column "${name}" is reserved by Metaxy's system column "${system}"`,
  ID_COLUMN_UNDECLARED: (name: string) => `id column "${name}" is not declared under columns`,
  ID_COLUMN_GENERATED: (name: string) =>
    `id column "${name}" must not have a default: ids locate data and must be known before insert`,
  ID_COLUMN_NULLABLE: (name: string) => `id column "${name}" must not be nullable`,
  DUPLICATE_FEATURE: (key: string, other: string) => `feature "${key}" is also defined at ${other}`,
  DUPLICATE_FIELD: (key: string) => `field "${key}" is declared twice`,
  TABLE_COLLISION: (table: string, key: string, other: string, otherAt: string) =>
    `feature "${key}" lands on table "${table}", as does "${other}" (${otherAt})`,
  MISSING_DEP: (key: string, dep: string) => `feature "${key}" depends on "${dep}", which is not defined`,
  DEP_CYCLE: (cycle: string) => `dependency cycle: ${cycle}`,
  MISSING_FIELD_DEP: (feature: string, field: string) => `feature "${feature}" has no field "${field}"`,
  FIELD_DEP_NOT_A_DEP: (field: string, feature: string) =>
    `field "${field}" depends on "${feature}", which is not among the feature's deps`,
  NO_PARENT_FIELDS: (field: string, key: string) =>
    `field "${field}" of "${key}" resolves to no upstream field, but the feature has deps`,
  INDEX_UNKNOWN_COLUMN: (column: string) => `index column "${column}" is not a column of this feature`,
  DUPLICATE_INDEX: (name: string) => `index "${name}" is declared twice`,
  BAD_DEFAULT: (column: string, type: string) => `default of column "${column}" does not fit its type ${type}`,
  DEFAULT_NOT_ALLOWED: (column: string, type: string) => `column "${column}" of type ${type} cannot have a default`,
  RENAME_TO_SELF: (name: string) => `renamed_from names "${name}", the current name`,
  FIELD_MEMBER_COLLISION: (key: string, other: string, member: string) =>
    `field "${key}" and field "${other}" are one member "${member}" of the *_by_field structs Metaxy builds (key parts joined by "_")`,
  INVALID_TEXT: (where: string, why: string) => `${where} cannot be written to any engine: ${why}`,
  // configuration
  CONFIG_NOT_FOUND: (where: string, store: string) =>
    `no metaxy.toml (or pyproject.toml with [tool.metaxy]) found in ${where}, so store "${store}" is not configured; pass --config <file> or set METAXY_CONFIG`,
  CONFIG_SYNTAX: (detail: string) => `invalid TOML: ${detail}`,
  CONFIG_INVALID: (where: string, detail: string) => `${where} ${detail}`,
  UNKNOWN_STORE: (name: string, known: string) => `unknown store "${name}" (stores: ${known})`,
  UNKNOWN_PROJECT: (name: string, known: string) => `no feature belongs to project "${name}" (projects: ${known})`,
  NO_STORE: () => `no store given: pass --store or set "store" in metaxy.toml`,
  UNKNOWN_STORE_TYPE: (name: string, type: string) => `store "${name}" has unknown type "${type}"`,
  STORE_NOT_SQL: (name: string, type: string) => `store "${name}" (${type}) has no SQL dialect: it cannot be compiled to DDL`,
  CLICKHOUSE_DISTRIBUTED_REMOVED: (where: string) =>
    `${where} was removed: Metaxy runs DELETE, TRUNCATE and DROP on a feature's own table name, and through a Distributed ` +
    `table in front of <table>_local its DELETE fails while TRUNCATE and DROP leave <table>_local and its rows behind; ` +
    `use cluster = "<name>" alone (ReplicatedMergeTree tables, every statement ON CLUSTER)`,
  DUCKLAKE_NO_KEYS: (where: string, store: string) =>
    `${where} cannot apply to store "${store}": it writes into DuckLake (its "ducklake" attachment), which supports NOT NULL ` +
    `but no primary keys or indexes; set it to false in [ext.compile.stores.${store}]`,
  SQLALCHEMY_NEEDS_PACKAGE: (store: string, dialect: string, pkg: string) =>
    `store "${store}" is ${dialect}, which SQLAlchemy describes only through the ${pkg} package (its dialect and types); ` +
    `metaxy-compile writes SQLAlchemy metadata for PostgreSQL stores only: use the store's DDL and migrations`,
  // naming per dialect
  NAME_TOO_LONG: (name: string, bytes: number, limit: number, dialect: string) =>
    `identifier "${name}" is ${bytes} bytes; ${dialect} allows ${limit}`,
  NAME_COLLISION: (name: string, other: string, dialect: string) => `"${name}" and "${other}" are one name in ${dialect}`,
  TYPE_UNSUPPORTED: (type: string, dialect: string, why: string) => `type ${type} is not supported by ${dialect}: ${why}`,
  INVALID_NAME: (name: string, kind: string, dialect: string, why: string) => `${kind} "${name}" cannot be used in ${dialect}: ${why}`,
  LIMIT_EXCEEDED: (what: string, amount: string, dialect: string, limit: string) => `${what} has ${amount}; ${dialect} allows at most ${limit}`,
  // migrations
  HISTORY_INVALID: (detail: string) => `migration history is invalid: ${detail}`,
  HISTORY_EDITED: (file: string, hash: string) =>
    `${file} changed since it was recorded on this line (its checksum differs); to keep the edit run \`${hash}\`, otherwise restore the file`,
  HISTORY_REMOVED: (file: string, fix: string) => `${file} is missing (deleted or renamed); restore it, or ${fix}`,
  HISTORY_STATE_MISSING: (file: string) =>
    `${file} is missing, but the folder holds migrations: restore it (from version control); it records the tables the migrations reach and cannot be rebuilt from them`,
  HISTORY_SUM_EDITED: (detail: string, hash: string) => `metaxy.sum was edited: ${detail}; run \`${hash}\` to re-record the checksums`,
  HISTORY_ATLAS_SUM: (hash: string) =>
    `atlas.sum does not match the .sql files of the history (Atlas refuses to apply such a folder): run \`${hash}\` to write it again`,
  HISTORY_UNRECORDED: (hash: string) =>
    `a migration the history does not record (written by hand?): run \`${hash}\` to take it into the history after the recorded ones, or remove it`,
  HISTORY_UNKNOWN_FILE: (what: string, format: string, naming: string) =>
    `${what} is not part of a ${format} history (${naming}, beside metaxy.state.json and metaxy.sum): rename it, or move it out of the stream folder`,
  HISTORY_STREAM_MISSING: (stream: string, other: string, hash: string) =>
    `the ${stream} stream is missing or empty while ${other}/ holds a history: restore it (migrating now would re-create every table); if it never held migrations, run \`${hash}\` to record it as empty`,
  HISTORY_UNREADABLE: (what: string, cause: string) => `cannot read ${what}: ${cause}`,
  HISTORY_ORDER: (detail: string) => `cannot take this migration into the history: ${detail}`,
  HISTORY_LOCKED: (holder: string, lock: string) =>
    `the migrations folder is locked by ${holder}; wait for it to finish and run again (if no such process runs, remove ${lock})`,
  HISTORY_WRITE_FAILED: (file: string, cause: string, after: string) => `cannot write ${file}: ${cause}; ${after}`,
  LOCK_TAKEN_OVER: (holder: string) => `warning: took over the lock of ${holder}, which no longer runs`,
  RUN_COMPLETED: (pid: number, host: string, files: number) =>
    `warning: completed the run of metaxy-compile process ${pid} on ${host}, interrupted after it committed (${files} file${files === 1 ? '' : 's'} moved into place)`,
  RUN_DISCARDED: (files: number) =>
    `warning: removed ${files} temporary file${files === 1 ? '' : 's'} of an interrupted run that never committed (the history is as it was before that run)`,
  HISTORY_OLD_LAYOUT: (stream: string, files: number, hash: string) =>
    `${stream} is an Alembic history in the layout before alembic.ini (${files} revision file${files === 1 ? '' : 's'} beside env.py, where Alembic cannot run them): ` +
    `move every revision (each .py file but env.py) into ${stream}/versions/ and delete ${stream}/env.py, then run \`${hash}\` (it records the move); ` +
    `the next \`metaxy-compile migrate\` writes alembic.ini, env.py and script.py.mako`,
  FORMAT_UNSUPPORTED: (store: string, why: string) => `store "${store}": ${why}; use another --format (in a new --dir: a history keeps its format)`,
  // command line (src/cli/commands.ts is the table they check against)
  USAGE: (detail: string) => detail,
  UNKNOWN_COMMAND: (word: string, hint: string) => `unknown command "${word}"${hint}`,
  UNKNOWN_OPTION: (option: string, command: string, hint: string) => `unknown option "${option}" for ${command}${hint}`,
  OPTION_NOT_APPLICABLE: (option: string, command: string, owners: string) => `option "${option}" does not apply to ${command} (it is an option of ${owners})`,
  REPEATED_OPTION: (option: string) => `option "${option}" is given more than once`,
  MISSING_VALUE: (option: string, value: string) => `option "${option}" needs a value: ${option} <${value}>`,
  BAD_VALUE: (option: string, detail: string) => `option "${option}" ${detail}`,
  CONFLICTING_OPTIONS: (a: string, b: string) => `options "${a}" and "${b}" exclude each other`,
  MISSING_ARGUMENT: (command: string, name: string) => `${command} needs <${name}>`,
  MISSING_OPTION: (command: string, option: string, value: string) => `${command} needs ${option} <${value}>`,
  UNEXPECTED_ARGUMENT: (word: string, command: string, takes: string) => `unexpected argument "${word}": ${command} takes ${takes}`,
} as const;

/** Code is every stable diagnostic code. */
export type Code = keyof typeof messages;

type Args<C extends Code> = (typeof messages)[C] extends (...a: infer A) => string ? A : never;

/** diag builds a Diagnostic from the catalog. */
export function diag<C extends Code>(code: C, span: Span, ...args: Args<C>): Diagnostic {
  const render = messages[code] as (...a: unknown[]) => string;
  return { code, message: render(...args), span };
}
