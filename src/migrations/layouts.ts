import { assertNever } from '../diagnostics/diagnostic.js';
import { ALEMBIC_VERSIONS } from './alembic.js';
import type { Format } from './formats.js';

/** MigrationName is what a file's name says as a migration of a format. */
export interface MigrationName {
  /** The migration's number (its version), or null when the name has none (Flyway's R__, an Alembic revision named by its id). */
  readonly number: number | null;
  /** What the files of one migration share (`0002_x` for `0002_x.sql` and `0002_x.down.sql`). */
  readonly stem: string;
  readonly down: boolean;
}

/** Revision is an Alembic revision file's id and the revision it follows (`down_revision`). */
export interface Revision {
  readonly id: string;
  readonly follows: string | null;
}

/**
 * Layout is how one migration tool lays out a stream folder, as the reader needs it: which
 * names are migrations, which files and folders belong to the tool itself (kept beside the
 * migrations, outside the history), and how migrations are ordered. Anything else in a stream
 * folder is reported. The writing side is formatFiles (formats.ts).
 */
export interface Layout {
  readonly format: Format;
  /** How this tool names migration files, for messages. */
  readonly naming: string;
  /** Files and folders of the tool itself, outside the history (paths relative to the stream folder). */
  readonly own: readonly string[];
  /** Folders of the stream folder that hold migrations (Alembic's `versions/`): their files are named `<folder>/<file>`. */
  readonly folders: readonly string[];
  /** legacy tells a recorded file of the tool's layout before this version (Alembic revisions beside env.py), which must be moved. */
  readonly legacy?: (name: string) => boolean;
  /** migration reads a file name as a migration of this format; null when it is none. */
  migration(name: string): MigrationName | null;
  /** Whether the tool checks an atlas.sum of its own over the folder's .sql files (Atlas). */
  readonly atlasSum: boolean;
  /** Alembic orders revisions by the ids inside the files, not by file name: reads them, or says why not. */
  readonly revision?: (text: string) => Revision | string;
}

const number = (digits: string): number | null => (Number.isSafeInteger(Number(digits)) ? Number(digits) : null);

function numbered(re: RegExp, stem: (m: RegExpExecArray) => string, down: (m: RegExpExecArray) => boolean): (name: string) => MigrationName | null {
  return (name) => {
    const m = re.exec(name);
    const n = m ? number(m[1]!) : null;
    return m && n !== null ? { number: n, stem: stem(m), down: down(m) } : null;
  };
}

const plain: Layout = {
  format: 'plain',
  naming: 'NNNN_<slug>.sql and NNNN_<slug>.down.sql',
  own: [],
  folders: [],
  atlasSum: false,
  migration: numbered(/^(\d+)_([^/]+?)(\.down)?\.sql$/, (m) => `${m[1]}_${m[2]}`, (m) => m[3] !== undefined),
};

const golangMigrate: Layout = {
  format: 'golang-migrate',
  naming: 'NNNN_<slug>.up.sql and NNNN_<slug>.down.sql',
  own: [],
  folders: [],
  atlasSum: false,
  // golang-migrate's source.Regex, limited to .sql files.
  migration: numbered(/^(\d+)_(.*)\.(up|down)\.sql$/, (m) => `${m[1]}_${m[2]}`, (m) => m[3] === 'down'),
};

const flywayVersioned = numbered(/^[VU](\d+)((?:[._]\d+)*)__.+\.sql$/, (m) => `${Number(m[1])}${m[2]!.replaceAll('_', '.')}`, (m) => m[0].startsWith('U'));

const flyway: Layout = {
  format: 'flyway',
  naming: 'V<n>__<description>.sql, U<n>__<description>.sql and R__<description>.sql',
  own: ['flyway.toml'],
  folders: [],
  atlasSum: false,
  // A repeatable migration (R__) has no version: Flyway runs it after the versioned ones.
  migration: (name) => flywayVersioned(name) ?? (/^R__.+\.sql$/.test(name) ? { number: null, stem: name, down: false } : null),
};

const dbmate: Layout = {
  format: 'dbmate',
  naming: 'NNNN_<slug>.sql (dbmate reads the leading digits as the version)',
  own: [],
  folders: [],
  atlasSum: false,
  // dbmate's migrationFileRegexp: the leading digits are the version.
  migration: numbered(/^(\d+).*\.sql$/, (m) => m[0], () => false),
};

const atlas: Layout = {
  format: 'atlas',
  naming: 'NNNN_<slug>.sql',
  own: ['atlas.sum'],
  folders: [],
  atlasSum: true,
  migration: numbered(/^(\d+)(?:_.*)?\.sql$/, (m) => m[0], () => false),
};

const PY_STRING = String.raw`(?:'([^'\\\n]*)'|"([^"\\\n]*)")`;
const REVISION = new RegExp(String.raw`^revision\s*(?::[^=\n]*)?=\s*${PY_STRING}\s*(?:#.*)?$`, 'm');
const FOLLOWS = new RegExp(String.raw`^down_revision\s*(?::[^=\n]*)?=\s*(?:None|${PY_STRING})\s*(?:#.*)?$`, 'm');

/** alembicRevision reads `revision` and `down_revision` as Alembic's script template writes them (a plain string or None). */
function alembicRevision(text: string): Revision | string {
  const id = REVISION.exec(text);
  if (!id) return 'it sets no `revision = "<id>"` at the top level';
  const follows = FOLLOWS.exec(text);
  if (!follows) return 'it sets no `down_revision = "<id>"` (or None) at the top level; a merge of several revisions is not supported';
  return { id: (id[1] ?? id[2])!, follows: follows[1] ?? follows[2] ?? null };
}

const REVISION_FILE = new RegExp(String.raw`^${ALEMBIC_VERSIONS}/([^./][^/]*)\.py$`);

const alembic: Layout = {
  format: 'alembic',
  naming: `Alembic revision files (${ALEMBIC_VERSIONS}/<name>.py)`,
  // What `alembic init` puts in a script folder, and the bytecode Python leaves beside env.py and the revisions.
  own: ['env.py', 'script.py.mako', 'README', '__pycache__', `${ALEMBIC_VERSIONS}/__pycache__`],
  folders: [ALEMBIC_VERSIONS],
  atlasSum: false,
  migration: (name) => {
    const m = REVISION_FILE.exec(name);
    return m ? { number: /^\d+_/.test(m[1]!) ? number(/^\d+/.exec(m[1]!)![0]) : null, stem: name, down: false } : null;
  },
  legacy: (name) => /^[^./][^/]*\.py$/.test(name) && name !== 'env.py',
  revision: alembicRevision,
};

/** layoutOf is the folder layout of a format. */
export function layoutOf(format: Format): Layout {
  switch (format) {
    case 'plain':
      return plain;
    case 'golang-migrate':
      return golangMigrate;
    case 'flyway':
      return flyway;
    case 'dbmate':
      return dbmate;
    case 'atlas':
      return atlas;
    case 'alembic':
      return alembic;
    default:
      return assertNever(format);
  }
}
