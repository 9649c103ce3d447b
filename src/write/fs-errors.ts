import { EnvironmentError } from '../errors.ts';

/**
 * A file-system error as the user can act on it: which path, what went wrong in words, and what to do.
 * Errors that are not the file system's pass through unchanged.
 */
export function fileSystemError(error: unknown, path: string, action = 'write'): unknown {
  if (error instanceof EnvironmentError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return error;
  const [what, hint] = describe(code);
  return new EnvironmentError(`cannot ${action} ${path}: ${what}`, { hint, cause: error });
}

function describe(code: string): [string, string] {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return [
        'no space left on the device',
        'Free some disk space, or write into another folder with --out.',
      ];
    case 'EROFS':
      return [
        'the file system is read-only',
        'Write into a folder on a writable disk, e.g. --out /tmp/decks.',
      ];
    case 'EACCES':
    case 'EPERM':
      return ['permission denied', 'Write into a folder you may write to, or fix its permissions.'];
    case 'ENOTDIR':
    case 'EEXIST':
      return [
        'a file stands where a folder must be',
        'Move that file away, or choose another output folder.',
      ];
    case 'EISDIR':
      return [
        'a folder stands where a file must be',
        'Move that folder away, or choose another output path.',
      ];
    case 'ENOTFILE':
      return [
        'it is not a regular file',
        'Name a file path for the output (e.g. talk.pdf), not a device or socket.',
      ];
    case 'ENOENT':
      return ['a folder on the way does not exist', 'Create it first, or choose an output path that exists.'];
    case 'EMFILE':
    case 'ENFILE':
      return [
        'too many open files',
        'Raise the limit of open files (ulimit -n), or build fewer decks at once.',
      ];
    case 'ENAMETOOLONG':
      return ['the path is too long', 'Choose a shorter output folder or deck name.'];
    default:
      return [code, 'Check that the folder exists and can be written.'];
  }
}
