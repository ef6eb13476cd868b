import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** LspDiagnostic is a diagnostic as the server publishes it (the fields the tests read). */
export interface LspDiagnostic {
  readonly message: string;
  readonly range: { readonly start: { readonly line: number; readonly character: number } };
}

/** LspCompletion is a completion item (the field the tests read). */
export interface LspCompletion {
  readonly label: string;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/**
 * YamlLanguageServer drives the real `yaml-language-server` (npm) over LSP on stdio, as an
 * editor does: initialize, settings, open documents, read the diagnostics it publishes, ask for
 * completions. The SchemaStore catalog is off (no network); schemas come from modelines,
 * `$schema` keys, or the `schemas` setting.
 */
export class YamlLanguageServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly waiting = new Map<string, (d: LspDiagnostic[]) => void>();
  private readonly versions = new Map<string, number>();
  private stderr = '';

  private constructor(private readonly settings: object) {
    const pkg = createRequire(import.meta.url).resolve('yaml-language-server/package.json');
    const bin = path.join(path.dirname(pkg), 'bin/yaml-language-server');
    this.child = spawn(process.execPath, [bin, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`yaml-language-server exited (${code}): ${this.stderr}`));
    });
  }

  /** start launches the server and sends the `yaml` settings (schemas: { schemaUri: globs }). */
  static async start(schemas: Record<string, string[]> = {}): Promise<YamlLanguageServer> {
    const settings = { yaml: { validate: true, completion: true, hover: true, schemas, schemaStore: { enable: false }, format: { enable: false } } };
    const server = new YamlLanguageServer(settings);
    await server.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: { completion: { completionItem: { snippetSupport: true } }, publishDiagnostics: {} },
      },
    });
    server.notify('initialized', {});
    server.notify('workspace/didChangeConfiguration', { settings });
    return server;
  }

  /** diagnostics opens (or re-sends) a document and resolves with the diagnostics published for it. */
  async diagnostics(file: string, text: string): Promise<LspDiagnostic[]> {
    const uri = pathToFileURL(file).href;
    const got = new Promise<LspDiagnostic[]>((resolve) => this.waiting.set(uri, resolve));
    this.open(uri, text);
    return got;
  }

  /** complete opens a document and asks for completions at a 0-based line and character. */
  async complete(file: string, text: string, line: number, character: number): Promise<LspCompletion[]> {
    const uri = pathToFileURL(file).href;
    this.open(uri, text);
    const r = (await this.request('textDocument/completion', { textDocument: { uri }, position: { line, character } })) as
      | { items: LspCompletion[] }
      | LspCompletion[]
      | null;
    return Array.isArray(r) ? r : (r?.items ?? []);
  }

  /** stop shuts the server down and waits for it to exit. */
  async stop(): Promise<void> {
    await this.request('shutdown', null);
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.notify('exit', null);
    await exited;
  }

  private open(uri: string, text: string): void {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    if (version === 1) this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    else this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    const done = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ jsonrpc: '2.0', id, method, params });
    return done;
  }

  private notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } });
    }
  }

  private dispatch(m: { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } }): void {
    if (m.method === undefined) {
      const p = this.pending.get(m.id!);
      this.pending.delete(m.id!);
      if (m.error) p?.reject(new Error(m.error.message));
      else p?.resolve(m.result);
      return;
    }
    if (m.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = m.params as { uri: string; diagnostics: LspDiagnostic[] };
      const w = this.waiting.get(uri);
      this.waiting.delete(uri);
      w?.(diagnostics);
      return;
    }
    if (m.id !== undefined) {
      // Requests from the server: its settings, capability registrations, progress.
      const result = m.method === 'workspace/configuration' ? (m.params as { items: { section?: string }[] }).items.map((i) => this.section(i.section)) : null;
      this.send({ jsonrpc: '2.0', id: m.id, result });
    }
  }

  private section(name: string | undefined): unknown {
    let v: unknown = this.settings;
    for (const part of (name ?? '').split('.').filter(Boolean)) v = (v as Record<string, unknown> | undefined)?.[part];
    return v ?? null;
  }
}
