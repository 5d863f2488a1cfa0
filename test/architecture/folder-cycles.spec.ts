import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { REPO_ROOT } from '../harness/paths';
import { cyclesOf, importsOf, sources } from './source-imports';

/**
 * Within an app, a folder (the first directory under `apps/<app>/src/`) never imports a folder
 * that imports it back, directly or through others: each folder can be read, and changed, knowing
 * only what it imports. A file directly in `src/` (main.ts, the root module) counts as a folder of
 * its own.
 */

/** The folder of `file` in the app whose `src` is `srcDir` (its module name for a file directly in it). */
function folderOf(srcDir: string, file: string): string | undefined {
  const path = relative(srcDir, file);
  if (path.startsWith('..')) return undefined;
  const parts = path.split(sep);
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.ts$/, '');
}

/** The folders of one app and which other folders of it each imports. */
function folderEdges(app: string): Map<string, Set<string>> {
  const srcDir = join(REPO_ROOT, 'apps', app, 'src');
  const edges = new Map<string, Set<string>>();
  for (const file of sources(srcDir)) {
    const from = folderOf(srcDir, file)!;
    if (!edges.has(from)) edges.set(from, new Set());
    for (const specifier of importsOf(file)) {
      if (!specifier.startsWith('.')) continue;
      const to = folderOf(srcDir, resolve(dirname(file), specifier));
      if (to !== undefined && to !== from) edges.get(from)!.add(to);
    }
  }
  return edges;
}

const apps = readdirSync(join(REPO_ROOT, 'apps'));

describe('folders of an app', () => {
  it.each(apps)('never import one another both ways in apps/%s', (app) => {
    expect(cyclesOf(folderEdges(app))).toEqual([]);
  });

  it('sees the imports it checks', () => {
    expect(apps).toContain('audit-service');
    expect(folderEdges('audit-service').get('main')).toContain('transport');
    expect(folderEdges('audit-service').get('ingest')).toContain('transport');
    expect(folderEdges('audit-cli').get('shell')).toContain('render');
    expect(folderEdges('audit-cli').get('main')).toContain('version');
  });

  it('reports a cycle through several folders', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ]);
    expect(cyclesOf(edges)).toEqual(['a -> b -> c -> a']);
  });
});
