import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { finalize, type Observable } from 'rxjs';
import { MetricsService } from './metrics.service';

/** Times every NATS RPC handler into authtrail_query_seconds{subject}. */
@Injectable()
export class QueryTimingInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc().getContext<NatsContext | undefined>();
    const subject = typeof rpc?.getSubject === 'function' ? rpc.getSubject() : undefined;
    if (!subject) return next.handle();
    const started = performance.now();
    return next
      .handle()
      .pipe(finalize(() => this.metrics.query(subject, (performance.now() - started) / 1000)));
  }
}
