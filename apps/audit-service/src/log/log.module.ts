import { Module, type DynamicModule } from '@nestjs/common';
import type { LogStore } from '@authtrail/event-log';
import { AUDIT_READER, CHECKPOINTS, EVENT_LOG } from './event-log.provider';

/** The log, its checkpoints and its reader, to every module (main.ts opens and closes them). */
@Module({})
export class LogModule {
  static forRoot(store: LogStore): DynamicModule {
    return {
      module: LogModule,
      global: true,
      providers: [
        { provide: EVENT_LOG, useValue: store.log },
        { provide: CHECKPOINTS, useValue: store.checkpoints },
        { provide: AUDIT_READER, useValue: store.reader },
      ],
      exports: [EVENT_LOG, CHECKPOINTS, AUDIT_READER],
    };
  }
}
