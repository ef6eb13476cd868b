import { createHash } from 'node:crypto';

/**
 * Python names for generated classes and attributes. Feature keys and column names come from
 * untrusted specs: a name is used as it is only when it is a plain ASCII identifier that nothing
 * else claims; otherwise a safe name is made from it (the column keeps its own name through
 * `sa_column_kwargs`). Names never pass through as code unchecked.
 */

/** PYTHON_KEYWORDS are Python 3's keywords (`keyword.kwlist`), which cannot name anything. */
const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(
  `False None True and as assert async await break class continue def del elif else except finally for from global
if import in is lambda nonlocal not or pass raise return try while with yield`.split(/\s+/),
);

/**
 * TAKEN_ATTRIBUTES are the names a feature class already has (read from Metaxy 0.1.10's
 * BaseSQLModelFeature, SQLModel 0.0.x and pydantic 2: `dir()` of each, their ClassVars, and
 * SQLAlchemy declarative's `metadata` and `registry`): a column of that name gets another attribute.
 */
const TAKEN_ATTRIBUTES: ReadonlySet<string> = new Set(
  `construct copy dict feature_config feature_spec_version feature_version from_orm graph json load_input metadata
metaxy_project parse_file parse_obj parse_raw project provenance_by_field registry schema schema_json spec
sqlmodel_update table_name update_forward_refs validate`.split(/\s+/),
);

const PLAIN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** usableAttribute tells whether a column name can be a feature class attribute as it is. */
function usableAttribute(name: string): boolean {
  // `model_` is pydantic's protected namespace; a leading `_` would make a private attribute.
  return PLAIN.test(name) && !PYTHON_KEYWORDS.has(name) && !TAKEN_ATTRIBUTES.has(name) && !name.startsWith('model_');
}

/**
 * attributeNames gives each column of a class its attribute: the column name when usable, else
 * its ASCII letters, digits and `_` (others become `_`) made into a fresh name (`column_` before
 * a digit, `model_` or nothing, `_` after a keyword or taken name, `_2`, `_3`... against
 * duplicates), in column order.
 */
export function attributeNames(columns: readonly string[]): string[] {
  const used = new Set(columns.filter(usableAttribute));
  return columns.map((c) => {
    if (usableAttribute(c)) return c;
    let base = c.replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+/, '');
    if (!/^[A-Za-z]/.test(base) || base.startsWith('model_')) base = `column_${base}`;
    if (!usableAttribute(base)) base = `${base}_`; // a keyword or a taken name
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

/** capWords is a key's words (parts split at `/`, `_` and `-`) capitalised and joined: `video/raw-frames` -> VideoRawFrames. */
function capWords(key: string): string {
  const words = key.split(/[/_-]+/).filter((w) => w !== '');
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[A-Z]/.test(joined) ? joined : `Feature${joined}`;
}

/**
 * classNames names a class per feature key: its CapWords, or, where two keys give one name (or a
 * keyword, `True` from `true`), that name with 8 hex digits of the key's SHA-256.
 */
export function classNames(keys: readonly string[]): Map<string, string> {
  const wanted = new Map(keys.map((k) => [k, capWords(k)]));
  const count = new Map<string, number>();
  for (const n of wanted.values()) count.set(n, (count.get(n) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const [key, name] of wanted) {
    const unique = count.get(name) === 1 && !PYTHON_KEYWORDS.has(name);
    out.set(key, unique ? name : `${name}_${createHash('sha256').update(key).digest('hex').slice(0, 8)}`);
  }
  return out;
}
