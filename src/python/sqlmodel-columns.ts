import { assertNever } from '../diagnostics/diagnostic.js';
import { postgresArrayOf } from '../dialects/postgres.js';
import type { ColumnDef } from '../ir/feature.js';
import type { ColumnType, ScalarName } from '../ir/types.js';
import { call, dict, modules, raw, statement, str, type Py } from './layout.js';

/**
 * The attributes of a feature class's user columns: a Python annotation (what pydantic
 * validates) and a `sqlmodel.Field` whose column is the one the PostgreSQL DDL creates (the one
 * store SQLAlchemy describes without another package), with SQLAlchemy's generic types: an
 * `sa_type` wherever SQLModel's own choice for the annotation differs (`int` is INTEGER, so an
 * int64 is `sa.BigInteger()`; lists, maps, structs and json always), JSONB as PostgreSQL's variant
 * of `sa.JSON()`. Nullability is explicit, as in the spec.
 */

interface Typing {
  /** The annotation, built from fixed names only (never from a spec). */
  readonly py: string;
  readonly sa: Py;
  /** SQLModel gives the annotation this very SQLAlchemy type: no `sa_type` is written. */
  readonly inferred: boolean;
}

const sa = (name: string, keywords: readonly (readonly [string, Py])[] = []): Py => call(`sa.${name}`, [], keywords);
const JSON_TYPE = call('sa.JSON().with_variant', [call('postgresql.JSONB', []), str('postgresql')]);

// SQLModel 0.0.x maps str, int, float, bool, bytes, date, time, datetime, Decimal and UUID itself
// (sqlmodel.main.get_sqlalchemy_type): its `float` is FLOAT (4 bytes in DuckDB) and its `datetime`
// has a zone in recent versions only, so those are explicit.
const SCALARS: Readonly<Record<ScalarName, Typing>> = {
  bool: { py: 'bool', sa: sa('Boolean'), inferred: true },
  int8: { py: 'int', sa: sa('SmallInteger'), inferred: false },
  int16: { py: 'int', sa: sa('SmallInteger'), inferred: false },
  int32: { py: 'int', sa: sa('Integer'), inferred: true },
  int64: { py: 'int', sa: sa('BigInteger'), inferred: false },
  float32: { py: 'float', sa: sa('REAL'), inferred: false },
  float64: { py: 'float', sa: sa('Double'), inferred: false },
  string: { py: 'str', sa: sa('String'), inferred: true },
  text: { py: 'str', sa: sa('Text'), inferred: false },
  binary: { py: 'bytes', sa: sa('LargeBinary'), inferred: true },
  date: { py: 'datetime.date', sa: sa('Date'), inferred: true },
  time: { py: 'datetime.time', sa: sa('Time'), inferred: true },
  timestamp: { py: 'datetime.datetime', sa: sa('DateTime'), inferred: false },
  timestamptz: { py: 'datetime.datetime', sa: sa('DateTime', [['timezone', raw('True')]]), inferred: false },
  uuid: { py: 'uuid.UUID', sa: sa('Uuid'), inferred: true },
  json: { py: 'typing.Any', sa: JSON_TYPE, inferred: false },
};

function typing(t: ColumnType): Typing {
  switch (t.kind) {
    case 'Scalar':
      return SCALARS[t.name];
    case 'Decimal':
      // SQLModel makes Numeric(max_digits, decimal_places) of a Decimal (see decimalArgs).
      return { py: 'decimal.Decimal', sa: sa('Numeric', [['precision', raw(String(t.precision))], ['scale', raw(String(t.scale))]]), inferred: true };
    case 'List': {
      const of = postgresArrayOf(t);
      return { py: `list[${typing(t.of).py}]`, sa: of === null ? JSON_TYPE : call('sa.ARRAY', [typing(of).sa]), inferred: false };
    }
    case 'Map':
      return { py: `dict[${typing(t.key).py}, ${typing(t.value).py}]`, sa: JSON_TYPE, inferred: false };
    case 'Struct':
      return { py: 'dict[str, typing.Any]', sa: JSON_TYPE, inferred: false };
    default:
      return assertNever(t);
  }
}

/** ColumnAttribute is a user column's attribute line(s) and the modules they name. */
export interface ColumnAttribute {
  readonly text: string;
  readonly modules: ReadonlySet<string>;
}

/** columnAttribute writes one user column as a class attribute named `attr` (its column keeps the column's name). */
export function columnAttribute(c: ColumnDef, attr: string): ColumnAttribute {
  const t = typing(c.type);
  const py = c.nullable && t.py !== 'typing.Any' ? `${t.py} | None` : t.py;
  const decimal = c.type.kind === 'Decimal' ? c.type : null;
  const column: [Py, Py][] = [];
  if (attr !== c.name) column.push([str('name'), str(c.name)]);
  if (c.description) column.push([str('comment'), str(c.description)]);
  const field = call('sqlmodel.Field', [], [
    ['default', c.nullable ? raw('None') : undefined],
    ['nullable', raw(c.nullable ? 'True' : 'False')],
    ['sa_type', t.inferred ? undefined : t.sa],
    ['max_digits', decimal ? raw(String(decimal.precision)) : undefined],
    ['decimal_places', decimal ? raw(String(decimal.scale)) : undefined],
    ['description', c.description ? str(c.description) : undefined],
    ['sa_column_kwargs', column.length === 0 ? undefined : dict(column)],
  ]);
  const used = modules(field, new Set([...py.matchAll(/\b(datetime|decimal|typing|uuid)\./g)].map((m) => m[1]!)));
  return { text: statement(1, `${attr}: ${py} = `, field), modules: used };
}
