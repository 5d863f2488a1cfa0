import { spawnSync } from 'node:child_process';
import { fstatSync } from 'node:fs';

/** FIONREAD: how many bytes wait in a pipe (asm-generic; powerpc, mips, sparc and alpha differ). */
const FIONREAD: Partial<Record<NodeJS.Architecture, number>> = {
  x64: 0x541b,
  ia32: 0x541b,
  arm: 0x541b,
  arm64: 0x541b,
  riscv64: 0x541b,
  s390x: 0x541b,
  loong64: 0x541b,
  ppc64: 0x4004667f,
  mips: 0x467f,
  mipsel: 0x467f,
};

/**
 * Whether bytes wait on standard input, found without reading them: pam_exec.so with
 * `expose_authtok` puts the password in a pipe there, and without it an empty pipe. The count
 * comes from the FIONREAD ioctl, asked by perl (Debian's essential perl-base), since Node.js has
 * no ioctl; it reads nothing. Undefined when it cannot tell (no perl, an unknown architecture).
 */
export function stdinHoldsData(): boolean | undefined {
  let stat;
  try {
    stat = fstatSync(0);
  } catch {
    return false; // no standard input at all
  }
  if (!stat.isFIFO() && !stat.isSocket()) return false;
  const request = FIONREAD[process.arch];
  if (request === undefined) return undefined;
  const probe = spawnSync(
    'perl',
    ['-e', `my $n = pack("i", 0); ioctl(STDIN, ${request}, $n) or exit 3; print unpack("i", $n)`],
    {
      stdio: ['inherit', 'pipe', 'ignore'],
      env: { PATH: '/usr/bin:/bin' },
      timeout: 1_000,
      encoding: 'utf8',
    },
  );
  if (probe.status !== 0 || !/^\d+$/.test(probe.stdout)) return undefined;
  return Number(probe.stdout) > 0;
}
