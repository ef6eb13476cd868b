const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** unencodable says why no engine can hold a text (NUL, or a lone UTF-16 surrogate that UTF-8 cannot encode), or null. */
export function unencodable(text: string): string | null {
  if (text.includes('\u0000')) return 'it holds a NUL character';
  if (LONE_SURROGATE.test(text)) return 'it holds a lone UTF-16 surrogate, which UTF-8 cannot encode';
  return null;
}
