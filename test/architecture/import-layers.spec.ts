import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../harness/paths';
import { cyclesOf, importsOf, sources } from './source-imports';

/**
 * Dependencies point one way: libs/contracts, then the other libraries, then the apps. Checked
 * over the import statements of every production source file (specs aside).
 */

/** The package a file belongs to: `libs/<name>` or `apps/<name>`. */
const packageOf = (file: string): string =>
  relative(REPO_ROOT, file).split('/').slice(0, 2).join('/');

/** What `specifier` in `file` reaches: another package of the repository, or none. */
function target(file: string, specifier: string): string | undefined {
  const alias = /^@authtrail\/([^/]+)/.exec(specifier);
  if (alias) return `libs/${alias[1]}`;
  if (!specifier.startsWith('.')) return undefined;
  const reached = relative(REPO_ROOT, resolve(dirname(file), specifier));
  const [top, name] = reached.split('/');
  return top === 'libs' || top === 'apps' ? `${top}/${name}` : reached.split('/')[0];
}

const layer = (pkg: string): number =>
  pkg === 'libs/contracts' ? 0 : pkg.startsWith('libs/') ? 1 : pkg.startsWith('apps/') ? 2 : 3;

const edges = new Map<string, Set<string>>();
const wrongWay: string[] = [];
for (const root of ['libs', 'apps']) {
  for (const file of sources(join(REPO_ROOT, root))) {
    const from = packageOf(file);
    for (const specifier of importsOf(file)) {
      const to = target(file, specifier);
      if (to === undefined || to === from) continue;
      if (layer(to) >= layer(from) && !(layer(to) === 1 && layer(from) === 1)) {
        wrongWay.push(`${relative(REPO_ROOT, file)} imports ${to}`);
      }
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
    }
  }
}

describe('import layers', () => {
  it('never import upwards: contracts import no package, libraries no app, apps no other app or test code', () => {
    expect(wrongWay).toEqual([]);
  });

  it('have no cycle between packages', () => {
    expect(cyclesOf(edges)).toEqual([]);
  });

  it('sees the imports it checks', () => {
    expect(edges.get('apps/audit-service')).toContain('libs/event-log');
    expect(edges.get('libs/event-log')).toContain('libs/contracts');
    expect(edges.get('libs/key-files')).toContain('libs/signed-note');
  });
});
