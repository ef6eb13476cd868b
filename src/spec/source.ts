import type { LineCounter, Node } from 'yaml';
import type { Span } from '../diagnostics/diagnostic.js';
import type { FastNode } from './fast-yaml.js';
import { linePos } from './fast-yaml.js';
import { yaml } from './lazy.js';

/** Path is a JSON path into a document: object keys and array indexes. */
export type Path = readonly (string | number)[];

/**
 * SourceDoc is one feature document read from a file: its plain data and a way back
 * from any path inside it to a file position.
 */
export interface SourceDoc {
  readonly file: string;
  readonly data: unknown;
  /**
   * at returns the position of the value at path, of its key (`'key'`), or of the first
   * character inside a quoted scalar (`'content'`); the nearest ancestor's if absent.
   */
  readonly at: (path: Path, which?: 'key' | 'value' | 'content') => Span;
}

/** makeSourceDoc ties a yaml AST node to its data and file positions. */
export function makeSourceDoc(file: string, root: Node, data: unknown, lines: LineCounter): SourceDoc {
  const span = (offset: number): Span => {
    const p = lines.linePos(offset);
    return { file, line: p.line, col: p.col };
  };
  const { isMap, isPair, isScalar, isSeq } = yaml();
  const at = (path: Path, which: 'key' | 'value' | 'content' = 'value'): Span => {
    let node: unknown = root;
    let keyNode: unknown = root;
    for (const seg of path) {
      let next: unknown;
      let nextKey: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        next = pair?.value;
        nextKey = pair?.key;
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg];
        nextKey = next;
      }
      if (next === undefined || next === null) {
        node = nextKey ?? node;
        keyNode = nextKey ?? keyNode;
        if (nextKey === undefined) break;
        continue;
      }
      node = next;
      keyNode = nextKey;
    }
    const target = (which === 'key' ? keyNode : node) as { range?: [number, number, number]; type?: string } | undefined;
    const quoted = which === 'content' && (target?.type === 'QUOTE_DOUBLE' || target?.type === 'QUOTE_SINGLE') ? 1 : 0;
    return span((target?.range?.[0] ?? 0) + quoted);
  };
  return { file, data, at };
}

/** makeFastSourceDoc is makeSourceDoc over a node of the fast reader: the same positions, found by map lookups. */
export function makeFastSourceDoc(file: string, root: FastNode, data: unknown, lineStarts: readonly number[]): SourceDoc {
  const at = (path: Path, which: 'key' | 'value' | 'content' = 'value'): Span => {
    let node = root;
    let keyNode = root;
    for (const seg of path) {
      if (node.pairs) {
        const pair = node.pairs.get(String(seg));
        if (!pair) break;
        node = pair.value;
        keyNode = pair.key;
      } else if (node.items && typeof seg === 'number') {
        const item = node.items[seg];
        if (!item) break;
        node = item;
        keyNode = item;
      } else break;
    }
    const target = which === 'key' ? keyNode : node;
    const p = linePos(lineStarts, target.start + (which === 'content' && target.quoted ? 1 : 0));
    return { file, line: p.line, col: p.col };
  };
  return { file, data, at };
}
