import { readFileSync } from 'node:fs';

/** One instruction of a Dockerfile, as far as the image of this repository uses them. */
export type DockerInstruction =
  | { op: 'COPY'; from?: string; sources: string[]; dest: string }
  | { op: 'RUN'; command: string }
  | { op: 'ENV'; name: string; value: string }
  | { op: 'WORKDIR'; dir: string }
  | { op: 'USER'; user: string }
  | { op: 'VOLUME'; dirs: string[] }
  | { op: 'CMD'; argv: string[] };

export interface DockerStage {
  name?: string;
  image: string;
  instructions: DockerInstruction[];
}

/** Logical lines: comments and blank lines dropped, `\` continuations joined. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push(pending + line);
    pending = '';
  }
  if (pending !== '') lines.push(pending.trim());
  return lines;
}

function instruction(op: string, args: string): DockerInstruction {
  switch (op) {
    case 'COPY': {
      const words = args.split(/\s+/);
      const flags = words.filter((word) => word.startsWith('--'));
      const paths = words.filter((word) => !word.startsWith('--'));
      const unknown = flags.filter((flag) => !flag.startsWith('--from='));
      if (unknown.length > 0 || paths.length < 2) {
        throw new Error(`COPY ${args}: not a form this reading of the Dockerfile knows`);
      }
      const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
      return { op, ...(from ? { from } : {}), sources: paths.slice(0, -1), dest: paths.at(-1)! };
    }
    case 'RUN':
      return { op, command: args };
    case 'ENV': {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=(\S*)$/.exec(args);
      if (!match) throw new Error(`ENV ${args}: only one NAME=value per line is read`);
      return { op, name: match[1], value: match[2] };
    }
    case 'WORKDIR':
      return { op, dir: args };
    case 'USER':
      return { op, user: args };
    case 'VOLUME':
      return {
        op,
        dirs: args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/),
      };
    case 'CMD':
      if (!args.startsWith('[')) throw new Error(`CMD ${args}: only the exec (JSON) form is read`);
      return { op, argv: JSON.parse(args) as string[] };
    default:
      throw new Error(`${op} ${args}: an instruction this reading of the Dockerfile does not know`);
  }
}

/** The stages of a Dockerfile; throws on anything it would not simulate faithfully. */
export function readDockerfile(path: string): DockerStage[] {
  const stages: DockerStage[] = [];
  for (const line of logicalLines(readFileSync(path, 'utf8'))) {
    const [, op, args] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (op === undefined) throw new Error(`Dockerfile: cannot read "${line}"`);
    if (op.toUpperCase() === 'FROM') {
      const [image, as, name] = args.split(/\s+/);
      stages.push({
        image,
        ...(as?.toUpperCase() === 'AS' ? { name } : {}),
        instructions: [],
      });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile: ${op} before FROM`);
    stage.instructions.push(instruction(op.toUpperCase(), args.trim()));
  }
  return stages;
}
