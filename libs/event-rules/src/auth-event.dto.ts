import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  Equals,
  IsBoolean,
  IsIn,
  IsObject,
  IsRFC3339,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
  isUUID,
} from 'class-validator';
import {
  CREDENTIAL_TYPES,
  EVENT_KINDS,
  HOST_PATTERN,
  LOGOUT_REASONS,
  MAX_REQUESTED_BY,
  MAX_TERMINATE_ERROR,
  TERMINATE_OUTCOMES,
  type CredentialType,
  type EventKind,
  type JsonObject,
  type LogoutReason,
  type TerminateOutcome,
} from '@authtrail/contracts';
import { IsCalendarTime } from './calendar-time';
import { IsNullOrText } from './nullable-text';

/** The UUIDs an event's ids may be: any version, the nil and the max UUID, in either case. */
const EVENT_UUID = 'all';

/** Whether `value` is a UUID an event's `event_id` or `boot_id` may be. */
export const isEventUuid = (value: unknown): boolean => isUUID(value, EVENT_UUID);

/** Fields every event carries (contract §2). */
export class EventEnvelopeDto {
  @IsUUID(EVENT_UUID)
  event_id!: string;

  @IsIn(EVENT_KINDS)
  kind!: EventKind;

  @Equals(1)
  version!: 1;

  @IsRFC3339()
  @IsCalendarTime()
  occurred_at!: string;

  @Matches(HOST_PATTERN, { message: 'host must be 1-64 of [A-Za-z0-9_-]' })
  host!: string;

  @IsUUID(EVENT_UUID)
  boot_id!: string;
}

export class LoginSessionDto {
  @IsString()
  @Length(1, 128)
  id!: string;

  @IsBoolean()
  internal!: boolean;

  @IsString()
  origin!: string;

  @IsIn(CREDENTIAL_TYPES)
  credentials!: CredentialType;

  @IsObject()
  credentials_data!: JsonObject;
}

export class LogoutSessionDto {
  @IsString()
  @Length(1, 128)
  id!: string;
}

export class LoginEventDto extends EventEnvelopeDto {
  @ValidateNested()
  @IsObject()
  @Type(() => LoginSessionDto)
  session!: LoginSessionDto;
}

export class LogoutEventDto extends EventEnvelopeDto {
  @ValidateNested()
  @IsObject()
  @Type(() => LogoutSessionDto)
  session!: LogoutSessionDto;

  @IsIn(LOGOUT_REASONS)
  reason!: LogoutReason;
}

export class LoginFailedEventDto extends EventEnvelopeDto {
  @IsString()
  origin!: string;

  @IsIn(CREDENTIAL_TYPES)
  credentials!: CredentialType;

  @IsObject()
  credentials_data!: JsonObject;

  @IsString()
  error!: string;
}

export class BootEventDto extends EventEnvelopeDto {}

/** The service's record of a request to end a session (docs/contract-notes.md). */
export class TerminateEventDto extends EventEnvelopeDto {
  @ValidateNested()
  @IsObject()
  @Type(() => LogoutSessionDto)
  session!: LogoutSessionDto;

  @IsUUID(EVENT_UUID)
  request_id!: string;

  @IsNullOrText(1, MAX_REQUESTED_BY)
  requested_by!: string | null;

  @IsNullOrText(1, 128)
  caller_session_id!: string | null;

  @IsIn(TERMINATE_OUTCOMES)
  outcome!: TerminateOutcome;

  @IsNullOrText(0, MAX_TERMINATE_ERROR)
  error!: string | null;
}

export const EVENT_DTOS = {
  login: LoginEventDto,
  logout: LogoutEventDto,
  login_failed: LoginFailedEventDto,
  boot: BootEventDto,
  terminate: TerminateEventDto,
} as const;
