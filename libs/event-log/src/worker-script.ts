import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { WorkerOptions } from 'node:worker_threads';

/** What `new Worker(file, options)` needs to run one of this library's worker entries. */
export interface WorkerScript {
  file: string;
  options: WorkerOptions;
}

/**
 * Loads TypeScript sources in a worker when they are run unbuilt (ts-jest): each `.ts` file is
 * transpiled on require, and `@authtrail/<lib>` resolves to `libs/<lib>/src` as in tsconfig.
 */
const SOURCE_LOADER = `
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const Module = require('node:module');
const ts = require('typescript');
const { root, entry } = require('node:worker_threads').workerData.__source;
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = /^@authtrail\\/(.+)$/.exec(request);
  return resolveFilename.call(this, lib ? join(root, 'libs', lib[1], 'src') : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      experimentalDecorators: true,
    },
  });
  module._compile(outputText, filename);
};
require(entry);
`;

/**
 * The worker entry `name` beside this file: the compiled `.js` (dist/), or the `.ts` source run
 * through a transpiling loader when there is no compiled file (the int-specs under ts-jest).
 */
export function workerScript(name: string, workerData: Record<string, unknown>): WorkerScript {
  const compiled = join(__dirname, `${name}.js`);
  if (existsSync(compiled)) return { file: compiled, options: { workerData } };
  const source = join(__dirname, `${name}.ts`);
  const root = resolve(__dirname, '..', '..', '..');
  return {
    file: SOURCE_LOADER,
    options: { eval: true, workerData: { ...workerData, __source: { root, entry: source } } },
  };
}
