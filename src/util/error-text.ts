/** errorText is an I/O error as a user reads it: its cause and code. */
export function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const cause: Record<string, string> = { ENOENT: 'it does not exist', ENOTDIR: 'a path in it is a file, not a folder', EACCES: 'permission denied', EPERM: 'operation not permitted', EISDIR: 'it is a folder' };
  return err.code ? `${cause[err.code] ?? err.message.replace(/^\w+: /, '').split(',')[0]} (${err.code})` : String(err.message ?? e);
}
