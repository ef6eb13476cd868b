import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Readers of the migration formats `--format` writes, written from each tool's own rules
 * (not from src/), so the tests can run the SQL the way the tool would.
 */

/** Migration is one migration of a stream: its number, up SQL and down SQL (null when the format has none). */
export interface Migration {
  readonly stream: 'system' | 'features';
  readonly number: number;
  readonly up: string;
  readonly down: string | null;
  /** Whether the tool runs the file inside a transaction of its own (the file has no BEGIN/COMMIT). */
  readonly toolTransaction: boolean;
}

/** splitDbmate cuts a dbmate file at its `-- migrate:up` / `-- migrate:down` markers (dbmate's own syntax). */
export function splitDbmate(text: string): { up: string; down: string; transaction: boolean } {
  const up = /^-- migrate:up(.*)$/m.exec(text);
  const down = /^-- migrate:down(.*)$/m.exec(text);
  if (!up || !down || down.index < up.index) throw new Error('not a dbmate migration: needs -- migrate:up then -- migrate:down');
  return {
    up: text.slice(up.index + up[0].length, down.index),
    down: text.slice(down.index + down[0].length),
    transaction: !/transaction:false/.test(up[1]!),
  };
}

const PY_READER = `
import ast, json, sys
src = open(sys.argv[1], encoding="utf-8").read()
tree = ast.parse(src)
compile(src, sys.argv[1], "exec")
out = {}
for node in tree.body:
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        try:
            out[node.targets[0].id] = ast.literal_eval(node.value)
        except ValueError:
            pass
    if isinstance(node, ast.FunctionDef):
        out.setdefault("__functions__", []).append(node.name)
print(json.dumps(out))
`;

/** readPython reads the literal assignments (and function names) of a Python file with python3's own parser (ast.literal_eval). */
export function readPython(file: string): Record<string, unknown> & { __functions__?: string[] } {
  return JSON.parse(execFileSync('python3', ['-c', PY_READER, file], { encoding: 'utf8' })) as Record<string, unknown>;
}

/** migrationsOf reads every migration of a format's folder, system stream first, each in number order. */
export function migrationsOf(format: string, dir: string): Migration[] {
  const out: Migration[] = [];
  for (const stream of ['system', 'features'] as const) {
    let names: string[];
    try {
      // Alembic keeps its revisions in versions/ (its default version location).
      names = (format === 'alembic' ? readdirSync(path.join(dir, stream, 'versions')).map((n) => `versions/${n}`) : readdirSync(path.join(dir, stream))).sort();
    } catch {
      continue;
    }
    const text = (n: string) => readFileSync(path.join(dir, stream, n), 'utf8');
    const add = (number: number, up: string, down: string | null, toolTransaction: boolean) => out.push({ stream, number, up, down, toolTransaction });
    for (const n of names) {
      let m: RegExpExecArray | null;
      switch (format) {
        case 'plain':
          if ((m = /^(\d{4})_.*(?<!\.down)\.sql$/.exec(n))) add(Number(m[1]), text(n), text(n.replace(/\.sql$/, '.down.sql')), false);
          break;
        case 'golang-migrate':
          if ((m = /^(\d+)_.*\.up\.sql$/.exec(n))) add(Number(m[1]), text(n), text(n.replace(/\.up\.sql$/, '.down.sql')), false);
          break;
        case 'flyway':
          if ((m = /^V(\d+)__(.*)\.sql$/.exec(n))) add(Number(m[1]), text(n), text(`U${m[1]}__${m[2]}.sql`), true);
          break;
        case 'dbmate':
          if ((m = /^(\d+)_.*\.sql$/.exec(n))) {
            const d = splitDbmate(text(n));
            add(Number(m[1]), d.up, d.down, d.transaction);
          }
          break;
        case 'alembic':
          if ((m = /^versions\/(\d{4})_.*\.py$/.exec(n))) {
            const py = readPython(path.join(dir, stream, n));
            // op.execute() runs each statement on its own: a script of them needs the `;` between.
            const sql = (k: string) => (py[k] as string[]).map((s) => `${s};\n`).join('\n');
            add(Number(m[1]), sql('UPGRADE'), sql('DOWNGRADE'), true); // env.py: transaction_per_migration=True
          }
          break;
        case 'atlas':
          if ((m = /^(\d+)_.*\.sql$/.exec(n))) add(Number(m[1]), text(n), null, true); // atlas migrate apply: --tx-mode file
          break;
        default:
          throw new Error(`unknown format ${format}`);
      }
    }
  }
  return out;
}

/**
 * atlasHashFile is Atlas's checksum file (ariga/atlas sql/migrate/dir.go: NewHashFile, Sum,
 * MarshalText) over files in the given order: one running SHA-256 fed each file's name then
 * its bytes, each file's line the base64 of the running sum so far; the first line `h1:` is
 * base64 SHA-256 over every name and line sum.
 */
export function atlasHashFile(files: readonly { name: string; bytes: Buffer }[]): string {
  const running = createHash('sha256');
  const lines = files.map(({ name, bytes }) => {
    running.update(Buffer.from(name, 'utf8'));
    running.update(bytes);
    return { n: name, h: running.copy().digest('base64') };
  });
  const total = createHash('sha256');
  for (const { n, h } of lines) {
    total.update(n);
    total.update(h);
  }
  return `h1:${total.digest('base64')}\n${lines.map(({ n, h }) => `${n} h1:${h}\n`).join('')}`;
}

/** atlasSum is the atlas.sum Atlas computes for a folder: its *.sql files in name order (LocalDir.Files). */
export function atlasSum(dir: string): string {
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.sql'))
    .sort();
  return atlasHashFile(names.map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) })));
}
