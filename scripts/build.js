'use strict';
// `npm run build` (also run by `npm ci`, through `prepare`): compiles the service, the CLI and
// the libraries into dist/, then records when that build started in dist/.build-stamp, so that
// `npm start` builds again only when a source is newer (`node scripts/build.js --if-stale`).
const { spawnSync } = require('node:child_process');
const {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync,
} = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const TSCONFIG = 'tsconfig.build.json';
/** The console's front end: browser modules (ES2022, DOM) and the files served as they are. */
const WEB_TSCONFIG = join('apps', 'console-web', 'tsconfig.json');
const WEB_STATIC = join('apps', 'console-web', 'static');
const WEB_OUT = join('dist', 'apps', 'console-web');
const STAMP = join('dist', '.build-stamp');
/** What the build reads: the sources under these folders and these files. */
const SOURCE_DIRS = ['apps', 'libs'];
const SOURCE_FILES = ['tsconfig.json', TSCONFIG, 'package-lock.json'];
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;

function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(path));
    else if (/\.(ts|html|css)$/.test(entry.name) && !TEST_FILE.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** Why `root` needs a build (a sentence), or undefined when its build is newer than every source. */
function staleReason(root = ROOT) {
  const stamp = join(root, STAMP);
  if (!existsSync(stamp)) return 'no build yet';
  const built = statSync(stamp).mtimeMs;
  for (const dir of SOURCE_DIRS) {
    if (existsSync(join(root, dir)) && newestIn(join(root, dir)) > built) {
      return `a source under ${dir}/ is newer than the build`;
    }
  }
  for (const file of SOURCE_FILES) {
    if (existsSync(join(root, file)) && statSync(join(root, file)).mtimeMs > built) {
      return `${file} is newer than the build`;
    }
  }
  return undefined;
}

function run(script, args) {
  const result = spawnSync(
    process.execPath,
    [require.resolve(script, { paths: [ROOT] }), ...args],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  return result.status === 0;
}

/** Compiles the console's front end and copies its page and style beside the modules. */
function buildConsole() {
  if (!run('typescript/bin/tsc', ['-p', WEB_TSCONFIG])) return false;
  for (const name of readdirSync(join(ROOT, WEB_STATIC))) {
    copyFileSync(join(ROOT, WEB_STATIC, name), join(ROOT, WEB_OUT, name));
  }
  return true;
}

/** Builds dist/ (with `tsconfig`, by default the service's); true when it succeeded. */
function build(tsconfig = TSCONFIG) {
  const started = new Date();
  const ok =
    run('typescript/bin/tsc', ['-p', tsconfig]) &&
    run('tsc-alias/dist/bin/index.js', ['-p', tsconfig]) &&
    (tsconfig !== TSCONFIG || buildConsole());
  if (ok && tsconfig === TSCONFIG) {
    // The start time: a source saved while the build ran counts as newer than the build.
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    writeFileSync(join(ROOT, STAMP), `${started.toISOString()}\n`);
    utimesSync(join(ROOT, STAMP), started, started);
  }
  return ok;
}

/** Builds when a source is newer than the build; true when dist/ is then up to date. */
function buildIfStale() {
  const reason = staleReason();
  if (reason === undefined) return true;
  process.stderr.write(`authtrail: building (${reason})\n`);
  return build();
}

module.exports = { build, buildIfStale, staleReason };

if (require.main === module) {
  const args = process.argv.slice(2);
  const ok = args[0] === '--if-stale' ? buildIfStale() : build(args[0]);
  process.exitCode = ok ? 0 : 1;
}
