import { ConsoleLogger } from '@nestjs/common';

/** What Nest logs for each microservice it starts (the RPC server and the JetStream consumer). */
const MICROSERVICE_READY = 'Nest microservice successfully started';

/** The service's console logger: Nest's per-microservice start line appears once. */
export class ServiceLogger extends ConsoleLogger {
  private saidMicroserviceReady = false;

  override log(message: unknown, ...rest: unknown[]): void {
    if (message === MICROSERVICE_READY) {
      if (this.saidMicroserviceReady) return;
      this.saidMicroserviceReady = true;
    }
    super.log(message, ...rest);
  }

  /** A warning on stderr, where start-up problems go (warn() writes to stdout), e.g. a deprecation. */
  warnOnStderr(message: string, context: string): void {
    if (this.isLevelEnabled('warn')) this.printMessages([message], context, 'warn', 'stderr');
  }
}
