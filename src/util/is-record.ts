/** isRecord tells a plain object (a TOML table, a JSON or YAML mapping) from null, arrays and scalars. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
