/**
 * applyEnvOverrides applies `METAXY_` environment variables over the file's settings, as
 * pydantic-settings does for Metaxy: `__` nests (`METAXY_STORES__PROD__CONFIG__TABLE_PREFIX`),
 * names are case-insensitive (an existing key of any case is reused), and a value that looks
 * like a JSON object or array is parsed as JSON.
 */
export function applyEnvOverrides(
  raw: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
  const out = structuredClone(raw);
  const names = Object.keys(env)
    .filter((k) => k.toUpperCase().startsWith('METAXY_') && env[k] !== undefined)
    .sort();
  for (const name of names) {
    const parts = name.slice('METAXY_'.length).toLowerCase().split('__');
    if (parts.some((p) => p === '') || parts[0] === 'config') continue; // METAXY_CONFIG names the file, not a setting
    let node: Record<string, unknown> = out;
    parts.forEach((part, i) => {
      const key = Object.keys(node).find((k) => k.toLowerCase() === part) ?? part;
      if (i === parts.length - 1) {
        node[key] = parseEnvValue(env[name]!);
        return;
      }
      const next = node[key];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    });
  }
  return out;
}

function parseEnvValue(v: string): unknown {
  const t = v.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t);
    } catch {
      return v;
    }
  }
  return v;
}

// Python Metaxy's pattern, verbatim: `${VAR}` or `${VAR:-default}`.
const VAR = /\$\{([^}:]+)(?::-([^}]*))?\}/g;

/**
 * expandVars replaces `${VAR}` and `${VAR:-default}` in every string of the file's settings,
 * recursively, as Python Metaxy does: the variable's value, else the default, else "".
 */
export function expandVars(value: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof value === 'string') {
    return value.replace(VAR, (_m, name: string, def: string | undefined) => env[name] ?? def ?? '');
  }
  if (Array.isArray(value)) return value.map((v) => expandVars(v, env));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandVars(v, env)]));
  }
  return value;
}
