import { EXIT_ERROR } from './exit-codes';

/** A failure to show the user: the text and the process exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_ERROR,
  ) {
    super(message);
  }
}
