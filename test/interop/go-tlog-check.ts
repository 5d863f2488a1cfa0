import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Builds and runs tlog-check/main.go, which answers with Go's reference code
 * (golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog). Go builds it in GOPATH mode
 * against the x/mod sources Debian's golang-golang-x-mod-dev installs, so nothing is downloaded.
 */

/** Where golang.org/x/mod's sources are: Debian's GOPATH unless GO_XMOD_GOPATH names another. */
export const XMOD_GOPATH = process.env.GO_XMOD_GOPATH ?? '/usr/share/gocode';
const GO_BIN = process.env.GO_BIN ?? 'go';
const SOURCE = resolve(__dirname, 'tlog-check');
const INSTALL = 'apt-get install golang-go golang-golang-x-mod-dev';

export interface TlogCheckRequest {
  verifierKeys?: string[];
  checkpoints?: { id: string; note: string }[];
  /** Leaf data, base64; Go lays them out as tlog stores them and proofs name them by index. */
  leaves?: string[];
  inclusion?: { id: string; checkpoint: string; index: number; proof: string[] }[];
  consistency?: { id: string; from: string; to: string; proof: string[] }[];
  /** Texts for Go to sign with `privateKey`, or with a new key named `keyName` when none is given. */
  sign?: { id: string; text: string; privateKey?: string; keyName?: string }[];
}

export interface Verdict {
  id: string;
  ok: boolean;
  error?: string;
}

export interface TlogCheckResponse {
  checkpoints: (Verdict & { origin?: string; size?: number; root?: string })[];
  storedHashes: string[] | null;
  inclusion: Verdict[];
  consistency: Verdict[];
  signed: { id: string; privateKey: string; verifierKey: string; note: string }[];
}

export interface TlogCheck {
  run(request: TlogCheckRequest): TlogCheckResponse;
  /** Removes the build and its cache. */
  remove(): void;
}

/** What is missing to build the program, named with the packages that provide it. */
function missing(): string | undefined {
  const version = spawnSync(GO_BIN, ['version'], { encoding: 'utf8' });
  if (version.error !== undefined || version.status !== 0) {
    return `no Go toolchain (${GO_BIN} did not run)`;
  }
  const xmod = join(XMOD_GOPATH, 'src', 'golang.org', 'x', 'mod', 'sumdb', 'tlog');
  if (!existsSync(xmod)) return `no golang.org/x/mod sources at ${xmod}`;
  return undefined;
}

/** Builds the program once, in a temporary folder with its own build cache. */
export function buildTlogCheck(): TlogCheck {
  const problem = missing();
  if (problem !== undefined) {
    throw new Error(
      `The Go interoperability test needs go and golang.org/x/mod: ${problem}. ` +
        `On Debian: ${INSTALL} (or set GO_BIN, GO_XMOD_GOPATH).`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'authtrail-tlog-check-'));
  const binary = join(dir, 'tlog-check');
  const env = {
    ...process.env,
    GO111MODULE: 'off',
    GOPATH: XMOD_GOPATH,
    GOCACHE: join(dir, 'cache'),
    GOFLAGS: '',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
  };
  execFileSync(GO_BIN, ['build', '-o', binary, '.'], { cwd: SOURCE, env, stdio: 'pipe' });
  return {
    run: (request) =>
      JSON.parse(
        execFileSync(binary, { input: JSON.stringify(request), encoding: 'utf8' }),
      ) as TlogCheckResponse,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
