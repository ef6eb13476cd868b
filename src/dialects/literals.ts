import type { DefaultValue } from '../ir/feature.js';
import type { ColumnType } from '../ir/types.js';
import { sqlString } from '../emit/statement.js';

/** jsonText prints a default as JSON text (for JSON-typed columns). */
export function jsonText(v: DefaultValue): string {
  return JSON.stringify(v);
}

/** scalarLiteral prints a scalar default: numbers bare, booleans as TRUE/FALSE, everything else as a string literal. */
export function scalarLiteral(v: DefaultValue, t: ColumnType): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string' && t.kind === 'Decimal') return v;
  if (typeof v === 'string') return sqlString(v);
  return sqlString(jsonText(v));
}
