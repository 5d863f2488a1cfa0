import {
  HttpException,
  HttpStatus,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { ConsoleRequest } from './console-http';
import { ConsoleSignIn } from './console-sign-in';

/** Lets through only requests whose cookie is a sign-in that holds (a 401 saying why otherwise). */
@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(private readonly signIn: ConsoleSignIn) {}

  canActivate(context: ExecutionContext): boolean {
    const state = this.signIn.state(context.switchToHttp().getRequest<ConsoleRequest>());
    if (state === 'valid') return true;
    throw new HttpException(
      state === 'expired' ? 'your sign-in has expired: sign in again' : 'sign in first',
      HttpStatus.UNAUTHORIZED,
    );
  }
}
