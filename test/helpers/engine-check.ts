import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { StoreSchema } from '../../src/compile.js';
import type { Catalog, Engine } from '../engines/catalog.js';
import { zeroValue } from '../../src/diff/diff.js';
import type { SchemaState } from '../../src/ir/schema.js';
import { catalogAfter, createSql, read, rowCounts, sortedCatalog } from './migrate-harness.js';

/** listFiles lists every file under dir, relative to it, sorted (empty when dir does not exist). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** upFiles are the up migrations among written files, system stream first, each stream in name order. */
export function upFiles(files: readonly string[]): string[] {
  const up = files.filter((f) => f.endsWith('.sql') && !f.endsWith('.down.sql'));
  const rank = (f: string) => (f.startsWith('system') ? 0 : 1);
  return [...up].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** downFiles are the down migrations among written files, features stream first, each stream in reverse name order. */
export function downFiles(files: readonly string[]): string[] {
  const down = files.filter((f) => f.endsWith('.down.sql'));
  const rank = (f: string) => (f.startsWith('features') ? 0 : 1);
  return [...down].sort((a, b) => rank(a) - rank(b) || (a < b ? 1 : a > b ? -1 : 0));
}

/** keptTables maps each table of `to` that continues a table of `from` (same name or renamed_from) to its name in `from`. */
export function keptTables(from: StoreSchema, to: StoreSchema): Map<string, string> {
  const names = new Set(from.schema.tables.map((t) => t.name));
  const out = new Map<string, string>();
  for (const t of to.schema.tables) {
    if (names.has(t.name)) out.set(t.name, t.name);
    else if (t.renamedFrom !== null && names.has(t.renamedFrom) && !to.schema.tables.some((x) => x.name === t.renamedFrom)) out.set(t.name, t.renamedFrom);
  }
  return out;
}

/**
 * zeroRows inserts one row into every table, each column its type's zero value (0, '', false,
 * [], {}, the epoch), never its default: a zero value survives every type change the
 * generators make, so a failing cast is the migration's fault, not the data's. About half
 * the nullable columns (chosen by a hash of their name) hold NULL instead, so backfills have
 * something to fill. String columns get `tag`, so rows inserted at different times differ.
 */
export function zeroRows(s: StoreSchema, tag = '', schema: SchemaState = s.schema): string {
  return schema.tables
    .map((t) => {
      const cols = t.columns.map((c) => s.dialect.ident(c.name)).join(', ');
      const vals = t.columns
        .map((c) =>
          c.nullable && nullHere(`${t.name}.${c.name}`)
            ? 'NULL'
            : c.type.kind === 'Scalar' && c.type.name === 'string'
              ? s.dialect.literal(tag, c.type)
              : s.dialect.literal(zeroValue(c.type), c.type),
        )
        .join(', ');
      return `INSERT INTO ${s.dialect.table(t.name, s.ctx)} (${cols}) VALUES (${vals});`;
    })
    .join('\n');
}

function nullHere(name: string): boolean {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % 2 === 0;
}

/** PairCheck is one from -> to migration written in a folder, to prove on an engine. */
export interface PairCheck {
  readonly from: StoreSchema;
  readonly to: StoreSchema;
  readonly dir: string;
  /** Files of the first migration (creating `from`), relative to dir. */
  readonly first: readonly string[];
  /** Files of the second migration (from -> to); empty when nothing changed. */
  readonly second: readonly string[];
}

async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const err = e as Error;
    err.message = `${what}: ${err.message}`;
    throw err;
  }
}

/**
 * provePair checks on a real engine: the first migration creates exactly create(from); with a
 * row in every table, up gives exactly create(to) (columns compared sorted by name) and keeps
 * the rows of every continued table; down gives back create(from) and still keeps those rows.
 */
export async function provePair(engine: Engine, p: PairCheck): Promise<void> {
  const fromCatalog = await step('create(from)', () => catalogAfter(engine, [createSql(p.from)]));
  const toCatalog = await step('create(to)', () => catalogAfter(engine, [createSql(p.to)]));
  await engine.reset();
  for (const f of upFiles(p.first)) await step(`first migration ${f}`, () => engine.exec(read(p.dir, f)));
  assert.deepEqual(sortedCatalog(await engine.catalog()), fromCatalog, 'the first migration creates exactly create(from)');
  await step('insert rows', () => engine.exec(zeroRows(p.from)));
  const ups = upFiles(p.second);
  const downs = downFiles(p.second);
  if (ups.length === 0) {
    assert.deepEqual<Catalog>(toCatalog, fromCatalog, 'nothing was written, so create(from) must equal create(to)');
    return;
  }
  assert.equal(downs.length, ups.length, `every up file has a down file: ${p.second.join(', ')}`);
  for (const f of ups) await step(`up ${f}`, () => engine.exec(read(p.dir, f)));
  assert.deepEqual(sortedCatalog(await engine.catalog()), toCatalog, 'create(from) + up == create(to)');
  const kept = keptTables(p.from, p.to);
  assert.deepEqual(await rowCounts(engine, p.to, [...kept.keys()]), Object.fromEntries([...kept.keys()].map((t) => [t, 1])), 'rows survive up');
  for (const f of downs) await step(`down ${f}`, () => engine.exec(read(p.dir, f)));
  assert.deepEqual(sortedCatalog(await engine.catalog()), fromCatalog, 'create(from) + up + down == create(from)');
  assert.deepEqual(await rowCounts(engine, p.from, [...kept.values()]), Object.fromEntries([...kept.values()].map((t) => [t, 1])), 'rows survive down');
}
