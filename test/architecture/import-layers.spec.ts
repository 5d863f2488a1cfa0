import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../harness/paths';

/**
 * Dependencies point one way: libs/contracts, then the other libraries, then the apps. Checked
 * over the import statements of every production source file (specs aside).
 */

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.ts$/.test(name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name)) out.push(path);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|require\('([^']+)'\)/g;

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
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const to = target(file, match[1] ?? match[2]);
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
    const cycles: string[] = [];
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (pkg: string, path: string[]) => {
      if (done.has(pkg)) return;
      if (visiting.has(pkg)) {
        cycles.push([...path.slice(path.indexOf(pkg)), pkg].join(' -> '));
        return;
      }
      visiting.add(pkg);
      for (const next of edges.get(pkg) ?? []) visit(next, [...path, pkg]);
      visiting.delete(pkg);
      done.add(pkg);
    };
    for (const pkg of edges.keys()) visit(pkg, []);
    expect(cycles).toEqual([]);
  });

  it('sees the imports it checks', () => {
    expect(edges.get('apps/audit-service')).toContain('libs/event-log');
    expect(edges.get('libs/event-log')).toContain('libs/contracts');
  });
});
