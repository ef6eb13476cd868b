import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { LineCounter, parseAllDocuments, isSeq, type Node } from 'yaml';
import { diag } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { noSpan } from '../diagnostics/diagnostic.js';
import { makeSourceDoc, type SourceDoc } from './source.js';

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
 * the order of the file system never reaches the output.
 */
export async function findSpecFiles(dir: string): Promise<string[]> {
  const found = await fg(['**/*.yaml', '**/*.yml', '**/*.json'], {
    cwd: dir,
    onlyFiles: true,
    dot: false,
    ignore: ['**/node_modules/**'],
  });
  return found.sort();
}

/** readSpecFiles reads every spec file under dir (relative to cwd); file names are shown relative to cwd. */
export async function readSpecFiles(dir: string, cwd: string): Promise<{ files: SpecFile[]; diagnostics: Diagnostic[] }> {
  const root = path.resolve(cwd, dir);
  const names = await findSpecFiles(root);
  const diagnostics: Diagnostic[] = [];
  if (names.length === 0) diagnostics.push(diag('NO_SPECS', noSpan(dir), dir));
  const files: SpecFile[] = [];
  for (const name of names) {
    const full = path.join(root, name);
    const shown = path.relative(cwd, full) || full;
    try {
      files.push({ file: shown, text: await readFile(full, 'utf8') });
    } catch (e) {
      diagnostics.push(diag('READ_FAILED', noSpan(shown), (e as Error).message));
    }
  }
  return { files, diagnostics };
}

/**
 * parseSpecFile turns one file into feature documents: one per YAML document, or one per
 * element of a top-level JSON array.
 */
export function parseSpecFile(f: SpecFile): LoadResult {
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

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
