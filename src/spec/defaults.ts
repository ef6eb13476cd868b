import type { ColumnType } from '../ir/types.js';
import { isRecord } from '../util/is-record.js';

const INT_RANGE: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-9223372036854775808n, 9223372036854775807n],
};

const PATTERNS: Readonly<Record<string, RegExp>> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: /^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/,
  timestamp: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/,
  timestamptz: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/,
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
};

/** defaultFits tells whether a literal default value is a value of the type (null is checked by the caller). */
export function defaultFits(value: unknown, type: ColumnType): boolean {
  if (value === null) return true;
  switch (type.kind) {
    case 'Scalar': {
      const n = type.name;
      if (n === 'bool') return typeof value === 'boolean';
      if (n in INT_RANGE) {
        if (typeof value !== 'number' || !Number.isInteger(value)) return false;
        const [lo, hi] = INT_RANGE[n]!;
        return BigInt(value) >= lo && BigInt(value) <= hi;
      }
      if (n === 'float32' || n === 'float64') return typeof value === 'number' && Number.isFinite(value);
      if (n === 'json') return true;
      if (n === 'string' || n === 'binary') return typeof value === 'string';
      return typeof value === 'string' && PATTERNS[n]!.test(value);
    }
    case 'Decimal': {
      const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : null;
      if (s === null || !/^-?\d+(\.\d+)?$/.test(s)) return false;
      const [whole = '', frac = ''] = s.replace('-', '').split('.');
      return frac.length <= type.scale && whole.replace(/^0+/, '').length <= type.precision - type.scale;
    }
    case 'List':
      return Array.isArray(value) && value.every((v) => v !== null && defaultFits(v, type.of));
    case 'Struct': {
      if (!isRecord(value)) return false;
      const names = new Set(type.fields.map((f) => f.name));
      return (
        Object.keys(value).every((k) => names.has(k)) &&
        type.fields.every((f) => !(f.name in value) || defaultFits(value[f.name], f.type))
      );
    }
    case 'Map':
      return isRecord(value) && Object.values(value).every((v) => defaultFits(v, type.value)) && type.key.kind === 'Scalar' && type.key.name === 'string';
  }
}

