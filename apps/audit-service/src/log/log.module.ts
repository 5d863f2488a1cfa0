import { Module, type DynamicModule } from '@nestjs/common';
import type { LogStore } from '@authtrail/event-log';
import { AUDIT_READER, DETECTION_SNAPSHOTS, SNAPSHOTS, EVENT_LOG } from './event-log.provider';

/** The log, its snapshots and its reader, to every module (main.ts opens and closes them). */
@Module({})
export class LogModule {
  static forRoot(store: LogStore): DynamicModule {
    return {
      module: LogModule,
      global: true,
      providers: [
        { provide: EVENT_LOG, useValue: store.log },
        { provide: SNAPSHOTS, useValue: store.snapshots },
        { provide: AUDIT_READER, useValue: store.reader },
        { provide: DETECTION_SNAPSHOTS, useFactory: () => store.detectionSnapshots },
      ],
      exports: [EVENT_LOG, SNAPSHOTS, AUDIT_READER, DETECTION_SNAPSHOTS],
    };
  }
}
