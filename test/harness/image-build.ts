import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { readDockerfile, type DockerStage } from './dockerfile';
import type { RunAs } from './service-process';

/**
 * A Dockerfile's image, made without Docker: each stage gets a directory standing for its root
 * file system, its COPY lines copy exactly what they name (from the build context or an earlier
 * stage), its RUN lines run there, and the last stage's CMD is what to start, as `runAs` (the
 * stage's USER). Container paths (absolute paths in RUN, COPY, ENV and VOLUME) are taken below
 * the stage's directory.
 *
 * What stands in for the network and the base image: `npm ci` links node_modules to the
 * context's own (already installed for this platform; installing again would download and compile
 * the native modules) and then runs the project's lifecycle scripts npm ci runs; `npm prune
 * --omit=dev` leaves a node_modules of the production packages only (`npm ls --omit=dev`), so a
 * runtime import of a development package fails as in the image; apt-get is skipped (this machine
 * has the compilers). Any other command throws, so that a change to the Dockerfile is looked at.
 */
export interface BuiltImage {
  /** The last stage's root directory. */
  root: string;
  cwd: string;
  argv: string[];
  env: Record<string, string>;
  /** The VOLUME directories, below `root`. */
  volumes: string[];
  /** Every RUN step, with what was done for it. */
  steps: string[];
}

/** npm ci's lifecycle scripts of the project itself, in the order it runs them. */
const NPM_CI_SCRIPTS = [
  'preinstall',
  'install',
  'postinstall',
  'prepublish',
  'preprepare',
  'prepare',
  'postprepare',
];

interface StageState {
  stage: DockerStage;
  root: string;
  workdir: string;
  user?: string;
}

function inStage(state: StageState, path: string): string {
  return isAbsolute(path) ? join(state.root, path) : join(state.workdir, path);
}

function copy(from: string, to: string, intoDir: boolean): void {
  const target = !statSync(from).isDirectory() && intoDir ? join(to, basename(from)) : to;
  mkdirSync(statSync(from).isDirectory() ? target : dirname(target), { recursive: true });
  cpSync(from, target, { recursive: true, verbatimSymlinks: true });
}

function npmCi(state: StageState, context: string): string {
  const modules = join(state.workdir, 'node_modules');
  rmSync(modules, { recursive: true, force: true });
  symlinkSync(realpathSync(join(context, 'node_modules')), modules);
  const scripts =
    (
      JSON.parse(readFileSync(join(state.workdir, 'package.json'), 'utf8')) as {
        scripts?: Record<string, string>;
      }
    ).scripts ?? {};
  const run = NPM_CI_SCRIPTS.filter((name) => scripts[name] !== undefined);
  for (const name of run) {
    const result = spawnSync('npm', ['run', name], { cwd: state.workdir, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`npm ci's ${name} failed:\n${result.stdout}${result.stderr}`);
    }
  }
  return `node_modules linked to ${realpathSync(join(context, 'node_modules'))}; ran ${run.join(', ') || 'no scripts'}`;
}

function npmPrune(state: StageState, context: string): string {
  const listed = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: context,
    encoding: 'utf8',
  }).stdout;
  const installed = realpathSync(join(context, 'node_modules'));
  const modules = join(state.workdir, 'node_modules');
  rmSync(modules, { recursive: true, force: true });
  let count = 0;
  for (const line of listed.split('\n').slice(1)) {
    if (line.trim() === '') continue;
    const name = relative(join(context, 'node_modules'), line);
    // Top-level packages only: nested ones come with the folder of the package that holds them.
    if (name.startsWith('..') || name.split('node_modules').length > 1) continue;
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(installed, name), join(modules, name));
    count += 1;
  }
  return `node_modules holds the ${count} production packages only`;
}

function runStep(state: StageState, step: string, context: string, runAs: RunAs): string {
  const [command, ...args] = step.split(/\s+/);
  const sub = args[0];
  if (command === 'apt-get' || (command === 'rm' && args.at(-1) === '/var/lib/apt/lists/*')) {
    return 'skipped (system packages)';
  }
  if (command === 'npm' && sub === 'ci') return npmCi(state, context);
  if (command === 'npm' && sub === 'prune' && args.includes('--omit=dev')) {
    return npmPrune(state, context);
  }
  if (command === 'mkdir' || command === 'chmod' || command === 'chown') {
    const mapped = args.map((arg, index) => {
      if (command === 'chown' && index === args.findIndex((a) => !a.startsWith('-'))) {
        const [user] = arg.split(':');
        if (user !== state.user) throw new Error(`${step}: owner is not the stage's USER`);
        return `${runAs.uid}:${runAs.gid}`;
      }
      return arg.startsWith('/') ? inStage(state, arg) : arg;
    });
    execFileSync(command, mapped, { cwd: state.workdir });
    return `${command} ${mapped.join(' ')}`;
  }
  throw new Error(`RUN ${step}: a command this simulation of the image does not know`);
}

/** Builds `dockerfile` (its context is the folder it is in) below `dir`. */
export function buildImageWithoutDocker(dockerfile: string, dir: string, runAs: RunAs): BuiltImage {
  const context = dirname(dockerfile);
  const stages = readDockerfile(dockerfile);
  const states = new Map<string, StageState>();
  const steps: string[] = [];
  let state: StageState | undefined;
  let cmd: string[] = [];
  let env: Record<string, string> = {};
  let volumes: string[] = [];
  for (const [index, stage] of stages.entries()) {
    const root = join(dir, `stage-${index}`);
    mkdirSync(root, { recursive: true });
    const user = [...stage.instructions].reverse().find((i) => i.op === 'USER');
    state = { stage, root, workdir: root, ...(user?.op === 'USER' ? { user: user.user } : {}) };
    env = {};
    volumes = [];
    for (const step of stage.instructions) {
      switch (step.op) {
        case 'WORKDIR':
          state.workdir = inStage(state, step.dir);
          mkdirSync(state.workdir, { recursive: true });
          break;
        case 'COPY': {
          const source = step.from === undefined ? undefined : states.get(step.from);
          if (step.from !== undefined && !source)
            throw new Error(`COPY --from=${step.from}: no such stage`);
          const intoDir = step.sources.length > 1 || step.dest.endsWith('/');
          for (const from of step.sources) {
            copy(
              source ? inStage(source, from) : join(context, from),
              inStage(state, step.dest),
              intoDir,
            );
          }
          break;
        }
        case 'RUN':
          for (const part of step.command.split('&&').map((p) => p.trim())) {
            steps.push(`${part}: ${runStep(state, part, context, runAs)}`);
          }
          break;
        case 'ENV':
          env[step.name] = step.value.startsWith('/') ? inStage(state, step.value) : step.value;
          break;
        case 'VOLUME':
          volumes = step.dirs.map((d) => inStage(state as StageState, d));
          break;
        case 'CMD':
          cmd = step.argv;
          break;
        case 'USER':
          break;
      }
    }
    if (stage.name) states.set(stage.name, state);
  }
  if (!state || cmd.length === 0) throw new Error(`${dockerfile}: no stage with a CMD`);
  return {
    root: state.root,
    cwd: state.workdir,
    argv: cmd.map((word, i) => (i === 0 && word === 'node' ? process.execPath : word)),
    env,
    volumes,
    steps,
  };
}
