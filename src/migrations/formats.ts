import { assertNever } from '../diagnostics/diagnostic.js';
import { sqlComments } from '../emit/comment.js';
import { ALEMBIC_VERSIONS, alembicRevision } from './alembic.js';
import type { StreamName } from './state.js';

/** FORMATS are the migration tools whose layout `--format` writes. */
export const FORMATS = ['plain', 'flyway', 'golang-migrate', 'dbmate', 'alembic', 'atlas'] as const;

/** Format is one `--format`. */
export type Format = (typeof FORMATS)[number];

/** MigrationText is one migration's SQL, rendered without and with a transaction wrapper. */
export interface MigrationText {
  readonly number: number;
  readonly slug: string;
  readonly stream: StreamName;
  /** Header comment lines. */
  readonly header: readonly string[];
  /** Statements in transaction blocks: one block, unless the dialect must commit index drops first. */
  readonly up: readonly (readonly string[])[];
  readonly down: readonly (readonly string[])[];
  /** Whether the dialect has transactional DDL (the file or the tool wraps it in one transaction). */
  readonly transactional: boolean;
  /** The revision this migration follows (Alembic's down_revision: the stream's head, generated or hand-written); null for the first. */
  readonly follows: string | null;
}

/** OutFile is a file to write, relative to the stream folder. */
export interface OutFile {
  readonly name: string;
  readonly text: string;
}

const pad = (n: number) => String(n).padStart(4, '0');

function sqlBody(blocks: readonly (readonly string[])[], wrap: boolean): string {
  const nonEmpty = blocks.filter((b) => b.length > 0);
  if (nonEmpty.length === 0) return '-- nothing to do\n';
  if (!wrap) return `${nonEmpty.flat().join('\n\n')}\n`;
  return nonEmpty.map((b) => `BEGIN;\n\n${b.join('\n\n')}\n\nCOMMIT;\n`).join('\n');
}

function sqlFile(m: MigrationText, statements: readonly (readonly string[])[], wrap: boolean, extra: readonly string[] = []): string {
  return `${sqlComments([...m.header, ...extra])}\n\n${sqlBody(statements, wrap)}`;
}

/**
 * formatFiles lays one migration out in a tool's format. Tools that run each file in their own
 * transaction (Flyway, dbmate, Alembic, Atlas) get no BEGIN/COMMIT; plain and golang-migrate
 * files carry them when the dialect's DDL is transactional.
 */
export function formatFiles(format: Format, m: MigrationText): OutFile[] {
  const n = pad(m.number);
  const own = m.transactional;
  switch (format) {
    case 'plain':
      return [
        { name: `${n}_${m.slug}.sql`, text: sqlFile(m, m.up, own) },
        { name: `${n}_${m.slug}.down.sql`, text: sqlFile(m, m.down, own, ['Reverts the migration above.']) },
      ];
    case 'golang-migrate':
      return [
        { name: `${n}_${m.slug}.up.sql`, text: sqlFile(m, m.up, own) },
        { name: `${n}_${m.slug}.down.sql`, text: sqlFile(m, m.down, own) },
      ];
    case 'flyway':
      return [
        { name: `V${m.number}__${m.slug}.sql`, text: sqlFile(m, m.up, false) },
        { name: `U${m.number}__${m.slug}.sql`, text: sqlFile(m, m.down, false) },
      ];
    case 'dbmate': {
      const opt = own ? '' : ' transaction:false';
      const text = `${sqlComments(m.header)}\n\n-- migrate:up${opt}\n${sqlBody(m.up, false)}\n-- migrate:down${opt}\n${sqlBody(m.down, false)}`;
      return [{ name: `${n}_${m.slug}.sql`, text }];
    }
    case 'alembic':
      return [{ name: `${ALEMBIC_VERSIONS}/${n}_${m.slug}.py`, text: alembicRevision(m) }];
    case 'atlas':
      // Atlas plans reverts itself (`atlas migrate down`); its directory holds up files only.
      return [{ name: `${n}_${m.slug}.sql`, text: sqlFile(m, m.up, false) }];
    default:
      return assertNever(format);
  }
}
