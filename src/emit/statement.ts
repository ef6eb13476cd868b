/** Statement is one emitted SQL statement with the comment printed above it and the object it came from. */
export interface Statement {
  readonly sql: string;
  readonly comment: string;
  /** What the statement acts on, e.g. `table video__chunk`; kept for plans and reports. */
  readonly source: string;
}

/** ScriptOptions shape a whole SQL file. */
export interface ScriptOptions {
  /** Header comment lines (without `-- `). */
  readonly header: readonly string[];
  /** Wrap the statements in BEGIN/COMMIT (dialects with transactional DDL). */
  readonly transaction: boolean;
}

/** renderScript lays statements out as a SQL file: header, then `-- comment` and `sql;` per statement. */
export function renderScript(statements: readonly Statement[], opts: ScriptOptions): string {
  const parts: string[] = [opts.header.map((h) => (h === '' ? '--' : `-- ${h}`)).join('\n')];
  const body = statements.map((s) => `-- ${s.comment}\n${s.sql};`);
  if (opts.transaction && statements.length > 0) parts.push(['BEGIN;', ...body, 'COMMIT;'].join('\n\n'));
  else if (statements.length > 0) parts.push(body.join('\n\n'));
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

/** sqlString quotes text as a standard SQL string literal (`'` doubled). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
