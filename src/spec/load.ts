import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { Node } from 'yaml';
import { diag } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { noSpan } from '../diagnostics/diagnostic.js';
import { fastParse } from './fast-yaml.js';
import { makeFastSourceDoc, makeSourceDoc, type SourceDoc } from './source.js';
import { yaml } from './lazy.js';

/** LoadResult is every feature document found, and every problem reading them. */
export interface LoadResult {
  readonly docs: readonly SourceDoc[];
  readonly diagnostics: readonly Diagnostic[];
}

/** SpecFile is one file's name (as shown to the user) and its text. */
export interface SpecFile {
  readonly file: string;
  readonly text: string;
}

/**
 * findSpecFiles lists `*.yaml|*.yml|*.json` under dir, recursively, sorted by path so that
 * the order of the file system never reaches the output. It finds what fast-glob found for
 * those names at any depth with `dot: false` and `node_modules` ignored (hidden files and
 * folders skipped, symbolic links followed, broken ones skipped, a missing folder empty)
 * without loading fast-glob on every run (a tenth of a small run's time). A folder reached
 * through links twice is walked once (a link cycle made fast-glob loop until out of memory).
 */
export async function findSpecFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (full: string, rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(full, { withFileTypes: true });
    } catch (e) {
      if (rel === '' && ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR')) return;
      throw e;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.')) continue;
      const path_ = path.join(full, name);
      const rel_ = rel === '' ? name : `${rel}/${name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const st = statSync(path_, { throwIfNoEntry: false });
        if (!st) continue;
        isDir = st.isDirectory();
        isFile = st.isFile();
        if (isDir) {
          const id = `${st.dev}:${st.ino}`;
          if (seen.has(id)) continue;
          seen.add(id);
        }
      }
      if (isDir) {
        if (name !== 'node_modules') walk(path_, rel_);
      } else if (isFile && SPEC_NAME.test(name)) found.push(rel_);
    }
  };
  walk(dir, '');
  return found.sort();
}

const SPEC_NAME = /\.(?:yaml|yml|json)$/;

/** readSpecFiles reads every spec file under dir (relative to cwd); file names are shown relative to cwd. */
export async function readSpecFiles(dir: string, cwd: string): Promise<{ files: SpecFile[]; diagnostics: Diagnostic[] }> {
  const files: SpecFile[] = [];
  const diagnostics = await eachSpecFile(dir, cwd, (f) => files.push(f));
  return { files, diagnostics };
}

/**
 * eachSpecFile reads the spec files under dir one at a time and hands each to visit, so that a
 * large folder's texts need not all be held at once; returns the problems finding and reading them.
 */
export async function eachSpecFile(dir: string, cwd: string, visit: (f: SpecFile) => void): Promise<Diagnostic[]> {
  const root = path.resolve(cwd, dir);
  const diagnostics: Diagnostic[] = [];
  const problem = folderProblem(dir, root);
  if (problem) return [problem];
  const names = await findSpecFiles(root);
  if (names.length === 0) diagnostics.push(diag('NO_SPECS', noSpan(dir), dir));
  for (const name of names) {
    const full = path.join(root, name);
    const shown = path.relative(cwd, full) || full;
    let text: string;
    try {
      // Synchronous reads: thousands of small files in a row, no thread-pool round trip each.
      text = readFileSync(full, 'utf8');
    } catch (e) {
      diagnostics.push(diag('READ_FAILED', noSpan(shown), (e as Error).message));
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
  const parsed = parseAllDocuments(f.text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const all = Array.isArray(parsed) ? parsed : [];
  for (const doc of all) {
    const err = doc.errors[0];
    if (err) {
      // The first error of a document; the ones after it are mostly its echoes.
      const p = lines.linePos(err.pos[0]);
      const code = isJson ? 'JSON_SYNTAX' : 'YAML_SYNTAX';
      diagnostics.push(diag(code, { file: f.file, line: p.line, col: p.col }, firstLine(err.message)));
      continue;
    }
    const root = doc.contents as Node | null;
    if (root === null) continue; // an empty document (e.g. a trailing `---`)
    const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (isJson && isSeq(root) && Array.isArray(data)) {
      root.items.forEach((item, i) => {
        docs.push(makeSourceDoc(f.file, item as Node, data[i], lines));
      });
    } else {
      docs.push(makeSourceDoc(f.file, root, data, lines));
    }
  }
  return { docs, diagnostics };
}

/**
 * parseSpecFileFast reads a file with the fast reader (src/spec/fast-yaml.ts), or returns null
 * when the file is outside its subset. It reports no problems: a file with any is read again
 * by parseSpecFile.
 */
export function parseSpecFileFast(f: SpecFile): LoadResult | null {
  const parsed = fastParse(f.text, f.file.endsWith('.json'));
  if (parsed === null) return null;
  return { docs: parsed.docs.map((d) => makeFastSourceDoc(f.file, d.root, d.data, parsed.lineStarts)), diagnostics: [] };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
