import { readdirSync, readFileSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import type { Document, Node } from 'yaml';
import { diag } from '../diagnostics/codes.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { noSpan } from '../diagnostics/diagnostic.js';
import { FAST_MAX_DEPTH, fastParse } from './fast-yaml.js';
import { makeFastSourceDoc, makeSourceDoc, type SourceDoc } from './source.js';
import { yaml } from './lazy.js';
import { MAX_VALUE_DEPTH } from './depth.js';
import { jsonError } from './json-syntax.js';

/** LoadResult is every feature document found, and every problem reading them. */
export interface LoadResult {
  readonly docs: readonly SourceDoc[];
  readonly diagnostics: readonly Diagnostic[];
  /** Whether no document can nest deeper than MAX_VALUE_DEPTH (the fast reader gives up on deeper ones): no depth walk is needed. */
  readonly shallow: boolean;
}

/** SpecFile is one file's name (as shown to the user) and its text. */
export interface SpecFile {
  readonly file: string;
  readonly text: string;
}

/** WalkProblem is a folder or file the walk could not read, relative to the features folder. */
export interface WalkProblem {
  readonly rel: string;
  readonly detail: string;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * findSpecFiles lists `*.yaml|*.yml|*.json` under dir, recursively, sorted by path so that
 * the order of the file system never reaches the output. It finds what fast-glob found for
 * those names at any depth with `dot: false` and `node_modules` ignored (hidden files and
 * folders skipped, symbolic links followed, broken ones skipped, a missing folder empty)
 * without loading fast-glob on every run (a tenth of a small run's time). A folder reached
 * through links twice is walked once (a link cycle made fast-glob loop until out of memory).
 * What cannot be read (a link loop, a folder without permission, a name that is not UTF-8 and
 * so cannot be named) is a problem, never a crash or a silently missing file.
 */
export async function findSpecFiles(dir: string): Promise<{ files: string[]; problems: WalkProblem[] }> {
  const files: string[] = [];
  const problems: WalkProblem[] = [];
  const seen = new Set<string>();
  const fsProblem = (rel: string, e: unknown) => problems.push({ rel, detail: (e as Error).message.replace(/, \w+ '.*'$/s, '') });
  const walk = (full: string, rel: string) => {
    let entries: Dirent<Buffer>[];
    try {
      entries = readdirSync(full, { withFileTypes: true, encoding: 'buffer' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!(rel === '' && (code === 'ENOENT' || code === 'ENOTDIR'))) fsProblem(rel, e);
      return;
    }
    for (const entry of entries) {
      const name = utf8Name(entry.name, rel, problems);
      if (name === null || name.startsWith('.')) continue;
      const path_ = path.join(full, name);
      const rel_ = rel === '' ? name : `${rel}/${name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let st: Stats | undefined;
        try {
          st = statSync(path_, { throwIfNoEntry: false });
        } catch (e) {
          fsProblem(rel_, e); // a link loop (ELOOP), or a link through a folder without permission
          continue;
        }
        if (!st) continue;
        isDir = st.isDirectory() && !seen.has(`${st.dev}:${st.ino}`);
        isFile = st.isFile();
        if (isDir) seen.add(`${st.dev}:${st.ino}`);
      }
      if (isDir) {
        if (name !== 'node_modules') walk(path_, rel_);
      } else if (isFile && SPEC_NAME.test(name)) files.push(rel_);
    }
  };
  walk(dir, '');
  return { files: files.sort(), problems };
}

/** utf8Name decodes a file name, or records it as a problem (it cannot be shown or named) and returns null. */
function utf8Name(raw: Buffer, rel: string, problems: WalkProblem[]): string | null {
  try {
    return UTF8.decode(raw);
  } catch {
    const shown = rel === '' ? raw.toString('utf8') : `${rel}/${raw.toString('utf8')}`;
    if (raw[0] !== 0x2e) problems.push({ rel: shown, detail: `the name is not valid UTF-8 (${raw.toString('hex')}): rename it` });
    return null;
  }
}

const SPEC_NAME = /\.(?:yaml|yml|json)$/;

/**
 * eachSpecFile reads the spec files under dir one at a time and hands each to visit, so that a
 * large folder's texts need not all be held at once; returns the problems finding and reading them.
 */
export async function eachSpecFile(dir: string, cwd: string, visit: (f: SpecFile) => void): Promise<Diagnostic[]> {
  const root = path.resolve(cwd, dir);
  const problem = folderProblem(dir, root);
  if (problem) return [problem];
  const { files: names, problems } = await findSpecFiles(root);
  const diagnostics: Diagnostic[] = problems.map((p) => diag('READ_FAILED', noSpan(path.relative(cwd, path.join(root, p.rel)) || root), p.detail));
  if (names.length === 0 && problems.length === 0) diagnostics.push(diag('NO_SPECS', noSpan(dir), dir));
  for (const name of names) {
    const full = path.join(root, name);
    const shown = path.relative(cwd, full) || full;
    let text: string;
    try {
      // Synchronous reads: thousands of small files in a row, no thread-pool round trip each.
      text = readFileSync(full, 'utf8');
    } catch (e) {
      diagnostics.push(diag('READ_FAILED', noSpan(shown), (e as Error).message.replace(/, \w+ '.*'$/s, '')));
      continue;
    }
    visit({ file: shown, text });
  }
  return diagnostics;
}

/** folderProblem tells why dir cannot be a features folder (missing, or a file), or null. */
function folderProblem(dir: string, root: string): Diagnostic | null {
  const st = statSync(root, { throwIfNoEntry: false });
  if (!st) return diag('FEATURES_NOT_FOUND', noSpan(dir), dir);
  if (!st.isDirectory()) return diag('NOT_A_FOLDER', noSpan(dir), dir, path.dirname(dir));
  return null;
}

/**
 * parseSpecFile turns one file into feature documents: one per YAML document, or one per
 * element of a top-level JSON array.
 */
export function parseSpecFile(f: SpecFile): LoadResult {
  const { LineCounter, parseAllDocuments, isSeq } = yaml();
  const lines = new LineCounter();
  const isJson = f.file.endsWith('.json');
  const docs: SourceDoc[] = [];
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return { file: f.file, line: p.line, col: p.col };
  };
  const strict = isJson ? jsonSyntax(f) : null;
  if (strict) return { docs, diagnostics: [strict], shallow: false };
  const parsed = parseAllDocuments(f.text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const all = Array.isArray(parsed) ? parsed : [];
  for (const doc of all) {
    const err = doc.errors[0];
    if (err) {
      // The first error of a document; the ones after it are mostly its echoes. The library
      // reports its own stack overflow on deep flow nesting as an error.
      const deep = /call stack/i.test(err.message);
      if (deep) diagnostics.push(diag('NESTING_TOO_DEEP', at(err.pos[0]), MAX_VALUE_DEPTH));
      else diagnostics.push(diag(isJson ? 'JSON_SYNTAX' : 'YAML_SYNTAX', at(err.pos[0]), firstLine(err.message)));
      continue;
    }
    const root = doc.contents as Node | null;
    if (root === null) continue; // an empty document (e.g. a trailing `---`)
    const data = toData(doc, at, diagnostics);
    if (data === undefined) continue;
    if (isJson && isSeq(root) && Array.isArray(data)) {
      root.items.forEach((item, i) => {
        docs.push(makeSourceDoc(f.file, item as Node, data[i], lines));
      });
    } else {
      docs.push(makeSourceDoc(f.file, root, data, lines));
    }
  }
  return { docs, diagnostics, shallow: false };
}

/**
 * parseSpecFileFast reads a file with the fast reader (src/spec/fast-yaml.ts), or returns null
 * when the file is outside its subset. It reports no problems: a file with any is read again
 * by parseSpecFile.
 */
export function parseSpecFileFast(f: SpecFile): LoadResult | null {
  const isJson = f.file.endsWith('.json');
  // The fast reader's JSON mode also reads unquoted words: strict JSON is checked first.
  if (isJson && jsonSyntax(f) !== null) return null;
  const parsed = fastParse(f.text, isJson);
  if (parsed === null) return null;
  return { docs: parsed.docs.map((d) => makeFastSourceDoc(f.file, d.root, d.data, parsed.lineStarts)), diagnostics: [], shallow: FAST_MAX_DEPTH < MAX_VALUE_DEPTH };
}

/**
 * toData gives a document's data, or undefined with a diagnostic at the alias when an alias is
 * unresolved or expands too much (the library throws for both), or when the data nests too deep.
 */
function toData(doc: Document.Parsed, at: (offset: number) => Span, out: Diagnostic[]): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    if (e instanceof RangeError) out.push(diag('NESTING_TOO_DEEP', at(doc.contents?.range?.[0] ?? 0), MAX_VALUE_DEPTH));
    else out.push(diag('YAML_SYNTAX', at(firstAlias(doc)), firstLine((e as Error).message)));
    return undefined;
  }
}

/** firstAlias is the offset of the first alias of a document (where an alias problem is shown). */
function firstAlias(doc: Document.Parsed): number {
  let offset = 0;
  yaml().visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return yaml().visit.BREAK;
    },
  });
  return offset;
}

/**
 * jsonSyntax checks that a `.json` file is JSON (RFC 8259: no comments, no trailing commas, no
 * unquoted words), which the YAML library would accept; the problem at its position, or null.
 */
function jsonSyntax(f: SpecFile): Diagnostic | null {
  const e = jsonError(f.text);
  if (e === null) return null;
  const before = f.text.slice(0, e.offset);
  return diag('JSON_SYNTAX', { file: f.file, line: before.split('\n').length, col: e.offset - before.lastIndexOf('\n') }, e.why);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
