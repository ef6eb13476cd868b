/**
 * splitStatements cuts a SQL script into its statements: `-- ` comment lines dropped, split at
 * `;` outside quotes. Quotes are '...', "..." and `...` with backslash escapes (ClickHouse and
 * GoogleSQL) and doubled quotes (the standard).
 */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  const text = script
    .split('\n')
    .filter((line) => !/^\s*--/.test(line))
    .join('\n');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    cur += ch;
    if (quote !== null) {
      if (ch === '\\') cur += text[++i] ?? '';
      else if (ch === quote && text[i + 1] === quote) cur += text[++i];
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === ';') {
      out.push(cur.slice(0, -1).trim());
      cur = '';
    }
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out.filter((s) => s !== '');
}
