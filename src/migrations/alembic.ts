import { pyDocstring, pyString } from '../emit/comment.js';
import type { MigrationText, OutFile } from './formats.js';
import { STREAMS, type StreamName } from './state.js';
import { alembicEnv } from './alembic-env.js';
import type { ToolContext } from './tool-files.js';

/**
 * The Alembic layout: `<dir>/alembic.ini` with a section per stream (`-n metaxy_system`,
 * `-n metaxy_features`), and per stream `env.py`, `script.py.mako` and the revisions under
 * `versions/`, each stream with its own version table.
 */

/** ALEMBIC_VERSIONS is the folder of a stream that holds its revisions (Alembic's default `<script_location>/versions`). */
export const ALEMBIC_VERSIONS = 'versions';

/** ALEMBIC_METADATA is the module of the store's tables beside alembic.ini, which each stream's env.py loads (src/migrate.ts writes it). */
export const ALEMBIC_METADATA = 'metaxy_metadata.py';

/** alembicRevisionId is the revision id of a stream's migration, unique across both streams. */
function alembicRevisionId(stream: StreamName, n: number): string {
  return `metaxy_${stream}_${String(n).padStart(4, '0')}`;
}

/**
 * forText escapes what SQLAlchemy's text() (behind `op.execute(str)`) would read as a bind
 * parameter: a `:name` not preceded by a colon, word character or backslash becomes `\:name`.
 */
function forText(sql: string): string {
  return sql.replace(/(?<![:\w\\]):(?=\w)/g, '\\:');
}

/**
 * alembicRevision is a generated revision: its id, the revision it follows, and the statements
 * of upgrade() and downgrade(), without their final `;` (Alembic's offline `--sql` ends each
 * statement with its own).
 */
export function alembicRevision(m: MigrationText): string {
  const list = (blocks: readonly (readonly string[])[]) => {
    const xs = blocks.flat().map((x) => x.replace(/;$/, ''));
    return xs.length === 0 ? '[]' : `[\n${xs.map((x) => `    ${pyString(forText(x))},`).join('\n')}\n]`;
  };
  return [
    pyDocstring([m.slug, '', ...m.header]),
    'from alembic import op',
    '',
    `revision = ${pyString(alembicRevisionId(m.stream, m.number))}`,
    `down_revision = ${m.follows === null ? 'None' : pyString(m.follows)}`,
    'branch_labels = None',
    'depends_on = None',
    '',
    `UPGRADE = ${list(m.up)}`,
    '',
    `DOWNGRADE = ${list(m.down)}`,
    '',
    '',
    'def upgrade() -> None:',
    '    for statement in UPGRADE:',
    '        op.execute(statement)',
    '',
    '',
    'def downgrade() -> None:',
    '    for statement in DOWNGRADE:',
    '        op.execute(statement)',
    '',
  ].join('\n');
}

/** alembicSection is the section of alembic.ini that runs a stream (`alembic -n <section>`). */
function alembicSection(stream: StreamName): string {
  return `metaxy_${stream}`;
}

/** alembicFiles are Alembic's own files of a migrations folder (paths relative to it): alembic.ini, and each stream's env.py and script.py.mako. */
export function alembicFiles(ctx: ToolContext): OutFile[] {
  return [
    { name: 'alembic.ini', text: alembicIni() },
    ...STREAMS.flatMap((s) => [
      { name: `${s}/env.py`, text: alembicEnv(s, ctx) },
      { name: `${s}/script.py.mako`, text: SCRIPT_TEMPLATE },
    ]),
  ];
}

function alembicIni(): string {
  const sections = STREAMS.map((s) => `[${alembicSection(s)}]\nscript_location = %(here)s/${s}\n`);
  return `# Alembic configuration of a metaxy-compile migrations folder (written when missing, never
# rewritten: yours to edit). One section per stream, each with its env.py, its revisions in
# versions/ and its own version table. The system stream first:
#
#   alembic -c <this file> -n ${alembicSection('system')} upgrade head
#   alembic -c <this file> -n ${alembicSection('features')} upgrade head
#
# The database URL: -x url=..., else $DATABASE_URL, else the store's connection in its Metaxy
# configuration, read when Alembic runs (see env.py).

${sections.join('\n')}
[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console
qualname =

[logger_sqlalchemy]
level = WARNING
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
`;
}

/**
 * SCRIPT_TEMPLATE is the template of `alembic revision` (Mako, with Alembic's documented
 * variables): plain `revision` / `down_revision` assignments, as the history reads them.
 */
const SCRIPT_TEMPLATE = `"""\${message}

Revision ID: \${up_revision}
Revises: \${down_revision | comma,n}
Create Date: \${create_date}
"""
from alembic import op
import sqlalchemy as sa
\${imports if imports else ""}
revision = \${repr(up_revision)}
down_revision = \${repr(down_revision)}
branch_labels = \${repr(branch_labels)}
depends_on = \${repr(depends_on)}


def upgrade() -> None:
    \${upgrades if upgrades else "pass"}


def downgrade() -> None:
    \${downgrades if downgrades else "pass"}
`;
