/** ScalarName is every logical scalar column type. */
export type ScalarName =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'float32'
  | 'float64'
  | 'string'
  /** Only in histories recorded before issue 10: PostgreSQL's TEXT, what `string` was there (specs cannot name it). */
  | 'text'
  | 'binary'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'uuid'
  | 'json';

/** ColumnType is a dialect-neutral column type: readonly plain data with a `kind`. */
export type ColumnType =
  | { readonly kind: 'Scalar'; readonly name: ScalarName }
  | { readonly kind: 'Decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'List'; readonly of: ColumnType }
  | { readonly kind: 'Struct'; readonly fields: readonly StructField[] }
  | { readonly kind: 'Map'; readonly key: ColumnType; readonly value: ColumnType };

/** StructField is one named member of a struct type. */
export interface StructField {
  readonly name: string;
  readonly type: ColumnType;
}

/** scalar builds a Scalar type. */
export function scalar(name: ScalarName): ColumnType {
  return { kind: 'Scalar', name };
}

/** typeToString prints a type in the spec's own syntax (`list<struct<x: int32>>`), for messages and comments. */
export function typeToString(t: ColumnType): string {
  switch (t.kind) {
    case 'Scalar':
      return t.name;
    case 'Decimal':
      return `decimal(${t.precision}, ${t.scale})`;
    case 'List':
      return `list<${typeToString(t.of)}>`;
    case 'Struct':
      return `struct<${t.fields.map((f) => `${f.name}: ${typeToString(f.type)}`).join(', ')}>`;
    case 'Map':
      return `map<${typeToString(t.key)}, ${typeToString(t.value)}>`;
  }
}

/** sameType compares two types structurally. */
export function sameType(a: ColumnType, b: ColumnType): boolean {
  return typeToString(a) === typeToString(b);
}
