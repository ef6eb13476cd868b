import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { diag } from '../diagnostics/codes.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { applyEnvOverrides, expandVars } from './env.js';
import { readBool, readCompileSettings, type CompileSettings } from './options.js';
import { isRecord } from '../util/is-record.js';

/** StoreEntry is one `[stores.<name>]` table as written. */
export interface StoreEntry {
  readonly type: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly span: Span;
}

/** MetaxyConfig is the part of Metaxy's configuration the compiler reads. */
export interface MetaxyConfig {
  /** The file it came from as shown to the user, null when none was found (Metaxy's defaults). */
  readonly file: string | null;
  readonly project: string | null;
  readonly store: string;
  readonly stores: Readonly<Record<string, StoreEntry>>;
  readonly hashTruncationLength: number;
  /** Metaxy's `enable_map_datatype` (default false): how its runtime types the `*_by_field` columns (metaxy.md). */
  readonly enableMapDatatype: boolean;
  readonly compile: CompileSettings;
  /** The folders discovery looked upward from when no file was found (empty otherwise). */
  readonly searched: readonly string[];
  /** Where each `[ext.compile]` option is written, by its key (`stores.<name>.<key>` for a store's own). */
  readonly optionSpans: Readonly<Record<string, Span>>;
}

/** ConfigRequest says where to look: an explicit file, or upward from cwd, then from the features folder; and which environment applies. */
export interface ConfigRequest {
  readonly cwd: string;
  readonly explicit?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The features folder (relative to cwd): searched upward when nothing is found upward from cwd. */
  readonly featuresDir?: string;
}

/**
 * findConfigFile looks in dir and its parents for metaxy.toml, or a pyproject.toml with a
 * non-empty `[tool.metaxy]`, as Python Metaxy does; metaxy.toml wins within one directory.
 */
export function findConfigFile(dir: string): string | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const toml = path.join(d, 'metaxy.toml');
    if (existsSync(toml)) return toml;
    const py = path.join(d, 'pyproject.toml');
    if (existsSync(py) && /^\s*\[tool\.metaxy[.\]]/m.test(readFileSync(py, 'utf8'))) return py;
    if (path.dirname(d) === d) return null;
  }
}

/**
 * discoverConfig finds the configuration as Python Metaxy does, upward from the working
 * directory, then (so that a features folder can be compiled from anywhere) upward from the
 * features folder; it returns the file, or null and the folders it looked upward from.
 */
export function discoverConfig(cwd: string, featuresDir: string | undefined): { file: string | null; searched: string[] } {
  const starts = [...new Set([path.resolve(cwd), ...(featuresDir === undefined ? [] : [path.resolve(cwd, featuresDir)])])];
  for (const start of starts) {
    const file = findConfigFile(start);
    if (file) return { file, searched: [] };
  }
  return { file: null, searched: starts };
}

interface RawFile {
  readonly shown: string;
  readonly text: string;
  readonly data: Record<string, unknown>;
}

/**
 * loadConfig reads the configuration as Python Metaxy does: `--config`, else `METAXY_CONFIG`,
 * else discovery (discoverConfig); `extend` chains; `${VAR}` expansion of the file's values;
 * then `METAXY_` environment overrides. Problems come back as diagnostics.
 */
export function loadConfig(req: ConfigRequest): { config: MetaxyConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const named = req.explicit ?? req.env.METAXY_CONFIG;
  const { file, searched } = named ? { file: path.resolve(req.cwd, named), searched: [] } : discoverConfig(req.cwd, req.featuresDir);
  const files: RawFile[] = [];
  let data: Record<string, unknown> = {};
  if (file) data = readChain(file, req.cwd, files, diagnostics);
  data = applyEnvOverrides(expandVars(data, req.env) as Record<string, unknown>, req.env);
  const main = files[0];
  // The first file and pattern that match give the position: a key's own line before its section's.
  const at = (...patterns: RegExp[]): Span => {
    for (const re of patterns) {
      const hit = files.find((f) => re.test(f.text));
      if (hit) return locate(hit.shown, hit.text, re);
    }
    return { file: main?.shown ?? '<config>', line: 1, col: 1 };
  };
  const optionAt = (key: string) => locateOption(files, key) ?? at(/\[ext\.compile/);
  return { config: { ...readConfig(data, main?.shown ?? null, { at, optionAt }, diagnostics), searched }, diagnostics };
}

/** readChain reads a config file and the files it `extend`s; the child's settings win. */
function readChain(file: string, cwd: string, files: RawFile[], diagnostics: Diagnostic[]): Record<string, unknown> {
  const shown = path.relative(cwd, file) || file;
  if (files.some((f) => f.shown === shown)) {
    diagnostics.push(diag('CONFIG_INVALID', { file: shown, line: 1, col: 1 }, '"extend"', 'forms a cycle'));
    return {};
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    diagnostics.push(diag('READ_FAILED', { file: shown, line: 1, col: 1 }, (e as Error).message));
    return {};
  }
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    diagnostics.push(diag('CONFIG_SYNTAX', { file: shown, line: e.line, col: e.column }, firstLine(e.message)));
    return {};
  }
  if (path.basename(file) === 'pyproject.toml') data = pick(pick(data, 'tool'), 'metaxy');
  files.push({ shown, text, data });
  const parent = data.extend;
  if (typeof parent !== 'string') return data;
  const base = readChain(path.resolve(path.dirname(file), parent), cwd, files, diagnostics);
  return mergeConfig(base, data);
}

/** mergeConfig lays child over parent as Metaxy's `extend` does: tables merged one level deep, lists appended. */
function mergeConfig(parent: Record<string, unknown>, child: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...parent };
  for (const [k, v] of Object.entries(child)) {
    const p = out[k];
    if (k === 'extend') continue;
    if (isRecord(p) && isRecord(v)) out[k] = { ...p, ...v };
    else if (Array.isArray(p) && Array.isArray(v)) out[k] = [...p, ...v];
    else out[k] = v;
  }
  return out;
}

interface Locators {
  /** at finds the first file and line matching one of the patterns. */
  readonly at: (...patterns: RegExp[]) => Span;
  /** optionAt finds an `[ext.compile]` option by its key. */
  readonly optionAt: (key: string) => Span;
}

function readConfig(raw: Record<string, unknown>, file: string | null, { at, optionAt }: Locators, diagnostics: Diagnostic[]): Omit<MetaxyConfig, 'searched'> {
  const str = (key: string, fallback: string | null): string | null => {
    const v = raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string') diagnostics.push(diag('CONFIG_INVALID', at(new RegExp(`^\\s*${key}\\s*=`, 'm')), `"${key}"`, 'must be a string'));
    return String(v);
  };
  const stores: Record<string, StoreEntry> = {};
  for (const [name, entry] of Object.entries(pick(raw, 'stores'))) {
    const e = isRecord(entry) ? entry : {};
    const span = at(new RegExp(`^\\s*\\[stores\\.${escapeRe(name)}\\b`, 'm'), new RegExp(`^\\s*${escapeRe(name)}\\s*=`, 'm'));
    if (e.type === undefined) continue; // Metaxy drops partial stores (e.g. only set by env) with a warning
    if (typeof e.type !== 'string') diagnostics.push(diag('CONFIG_INVALID', span, `store "${name}"`, '"type" must be a string'));
    stores[name] = { type: String(e.type), config: pick(e, 'config'), span };
  }
  const truncation = Number(raw.hash_truncation_length ?? 8);
  if (!Number.isInteger(truncation) || truncation < 8 || truncation > 64) {
    diagnostics.push(diag('CONFIG_INVALID', at(/hash_truncation_length/), '"hash_truncation_length"', 'must be an integer from 8 to 64'));
  }
  const compileRaw = pick(pick(raw, 'ext'), 'compile');
  const compile = readCompileSettings(compileRaw, (key, build) => diagnostics.push(build(`[ext.compile] ${key}`, optionAt(key))));
  const optionSpans: Record<string, Span> = {};
  for (const key of Object.keys(compileRaw)) if (key !== 'stores') optionSpans[key] = optionAt(key);
  for (const [name, own] of Object.entries(pick(compileRaw, 'stores'))) {
    for (const key of Object.keys(isRecord(own) ? own : {})) optionSpans[`stores.${name}.${key}`] = optionAt(`stores.${name}.${key}`);
  }
  const enableMap = raw.enable_map_datatype === undefined ? false : readBool(raw.enable_map_datatype);
  if (enableMap === undefined) diagnostics.push(diag('CONFIG_INVALID', at(/^\s*enable_map_datatype\s*=/m), '"enable_map_datatype"', 'must be true or false'));
  return {
    file,
    project: str('project', null),
    store: str('store', 'dev')!,
    stores,
    hashTruncationLength: truncation,
    enableMapDatatype: enableMap ?? false,
    compile,
    optionSpans,
  };
}

/**
 * locateOption finds where an `[ext.compile]` option is written: its line inside its own table
 * (`[ext.compile]` or `[ext.compile.stores.<name>]`), else its first `key =` line anywhere
 * (inline tables); null when no file writes it (set from the environment).
 */
function locateOption(files: readonly RawFile[], key: string): Span | null {
  const parts = key.split('.');
  const name = parts.pop()!;
  const header = new RegExp(`^\\s*\\[\\s*(?:tool\\s*\\.\\s*metaxy\\s*\\.\\s*)?${['ext', 'compile', ...parts].map(escapeRe).join('\\s*\\.\\s*')}\\s*\\]`, 'm');
  const line = new RegExp(`^\\s*"?${escapeRe(name)}"?\\s*=`, 'm');
  for (const f of files) {
    const h = header.exec(f.text);
    if (!h) continue;
    const start = h.index + h[0].length;
    const next = /^\s*\[/m.exec(f.text.slice(start));
    const body = f.text.slice(start, next ? start + next.index : undefined);
    const m = line.exec(body);
    if (m) return spanAt(f.shown, f.text, start + m.index + (m[0].length - m[0].trimStart().length));
  }
  const hit = files.find((f) => line.test(f.text));
  return hit ? locate(hit.shown, hit.text, line) : null;
}

/** locate finds the first line of text matching re, for a diagnostic's position (1:1 when absent). */
export function locate(file: string, text: string, re: RegExp): Span {
  const m = re.exec(text);
  if (!m) return { file, line: 1, col: 1 };
  return spanAt(file, text, m.index + (m[0].length - m[0].trimStart().length));
}

function spanAt(file: string, text: string, index: number): Span {
  const before = text.slice(0, index);
  return { file, line: before.split('\n').length, col: before.length - before.lastIndexOf('\n') };
}

function pick(o: unknown, key: string): Record<string, unknown> {
  const v = isRecord(o) ? o[key] : undefined;
  return isRecord(v) ? v : {};
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
}
