import { sameType, scalar, type ColumnType } from '../ir/types.js';
import type { Dialect } from './dialect.js';

/**
 * BigQuery has no DDL to change a STRUCT column's members (nor to turn JSON into a STRUCT); a
 * table rebuilt by copy can, with these conversions in its INSERT ... SELECT. They serve the
 * `*_by_field` structs above all, whose members are a feature's fields (metaxy.md).
 */

type Writer = Pick<Dialect, 'ident' | 'type' | 'literal'>;

/** isJson: stored as JSON objects in BigQuery (json, and maps: BigQuery has no MAP type). */
const isJson = (t: ColumnType) => t.kind === 'Map' || (t.kind === 'Scalar' && t.name === 'json');
const isScalar = (t: ColumnType) => t.kind === 'Scalar' || t.kind === 'Decimal';

/** bigqueryStructChange tells whether a rebuild's copy carries a type change: into a STRUCT, from a STRUCT or from JSON (or a map). */
export function bigqueryStructChange(from: ColumnType, to: ColumnType): boolean {
  if (to.kind !== 'Struct') return false;
  if (isJson(from)) return to.fields.every((m) => isScalar(m.type) || bigqueryStructChange(from, m.type));
  if (from.kind !== 'Struct') return false;
  return to.fields.every((m) => {
    const old = from.fields.find((f) => f.name === m.name)?.type;
    if (old === undefined || sameType(old, m.type)) return true; // new (NULL) or unchanged
    return m.type.kind === 'Struct' ? bigqueryStructChange(old, m.type) : isScalar(m.type) && isScalar(old); // cast
  });
}

/**
 * bigqueryConvert is the expression that turns `expr` of type `from` into `to` in a rebuild's
 * copy (where bigqueryStructChange holds): structs rebuilt member by member, matched by name (a
 * new member is NULL), JSON members read by path, scalars cast. NULL stays NULL.
 */
export function bigqueryConvert(d: Writer, expr: string, from: ColumnType, to: ColumnType): string {
  if (d.type(from) === d.type(to)) return expr;
  if (to.kind !== 'Struct') return `CAST(${expr} AS ${d.type(to)})`;
  const members = to.fields.map((m) => {
    if (isJson(from)) {
      const path = d.literal(`$."${m.name}"`, scalar('string'));
      return m.type.kind === 'Struct' ? bigqueryConvert(d, `JSON_QUERY(${expr}, ${path})`, from, m.type) : `CAST(JSON_VALUE(${expr}, ${path}) AS ${d.type(m.type)})`;
    }
    const old = from.kind === 'Struct' ? from.fields.find((f) => f.name === m.name) : undefined;
    return old ? bigqueryConvert(d, `${expr}.${d.ident(m.name)}`, old.type, m.type) : `CAST(NULL AS ${d.type(m.type)})`;
  });
  return `IF(${expr} IS NULL, NULL, STRUCT(${to.fields.map((m, i) => `${members[i]} AS ${d.ident(m.name)}`).join(', ')}))`;
}
