import { readFileSync, statSync } from 'node:fs';
import { parseConfigText, type ConfigValues } from './host-config';
import { HostFileError } from './private-files';

/**
 * The settings file's values. A missing file is no settings when it is the default one, an
 * error when it was named. Its values decide where events go and which processes a terminate
 * may end, so a file that someone besides its owner and root may write is refused.
 */
export function readHostConfigFile(path: string, named: boolean): ConfigValues {
  let text: string;
  try {
    const stat = statSync(path);
    if ((stat.mode & 0o022) !== 0) {
      throw new HostFileError(
        `${path} may be written by others (mode ${(stat.mode & 0o777).toString(8)}): chmod 600 it`,
      );
    }
    const uid = process.geteuid?.();
    if (uid !== undefined && stat.uid !== uid && stat.uid !== 0) {
      throw new HostFileError(`${path} belongs to uid ${stat.uid}, neither root nor this user`);
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof HostFileError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !named) return {};
    throw new HostFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const parsed = parseConfigText(text, path);
  if ('problems' in parsed) throw new HostFileError(parsed.problems.join('; '));
  return parsed.values;
}
