import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DetectionsModule } from '../detections/detections.module';
import { ProjectionModule } from '../projection/projection.module';
import { QueryModule } from '../query/query.module';
import { TransparencyModule } from '../transparency/transparency.module';
import { AlertFeed } from './alert-feed';
import { ChangeFeeds } from './change-feeds';
import { ConsoleDataController } from './console-data.controller';
import { ConsoleLiveController } from './console-live.controller';
import { ConsolePagesController } from './console-pages.controller';
import { ConsoleSignIn } from './console-sign-in';
import { SecurityHeaders } from './security-headers';
import { SignedInGuard } from './signed-in.guard';

/**
 * The read-only web console under /console (docs/console.md), on the HTTP port, only when
 * AUTHTRAIL_CONSOLE_TOKEN is set. It reads through the services the RPCs use.
 */
@Module({
  imports: [ProjectionModule, QueryModule, AuditModule, DetectionsModule, TransparencyModule],
  controllers: [ConsolePagesController, ConsoleDataController, ConsoleLiveController],
  providers: [ConsoleSignIn, SignedInGuard, ChangeFeeds, AlertFeed, SecurityHeaders],
})
export class ConsoleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(SecurityHeaders)
      .forRoutes(
        { path: 'console', method: RequestMethod.ALL },
        { path: 'console/*path', method: RequestMethod.ALL },
      );
  }
}
