import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type { ActorRole } from '@crm/events';
import { IsInstant } from '../../analytics/shared/query-validators';
import { AUDITED_EVENT_TYPES } from '../search/audited-event-types';
import { IsConsistencyAfter } from './consistency-after';

export const ACTOR_ROLES: readonly ActorRole[] = ['rep', 'manager', 'admin', 'system'];
export const AUDIT_TIME_FIELDS = ['occurredAt', 'recordedAt'] as const;
export type AuditTimeField = (typeof AUDIT_TIME_FIELDS)[number];
export const AUDIT_ORDERS = ['asc', 'desc'] as const;

/** The same printable-ASCII rule the command API applies to `X-Actor-Id`. */
const ACTOR_PATTERN = /^[\x21-\x7e]{1,128}$/;
const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** "OrderRecorded,OrderCancelled" (or the parameter repeated) → ["OrderRecorded", "OrderCancelled"]. */
const toList = ({ value }: { value: unknown }): unknown => {
  if (value === undefined || value === null) return value;
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
    .map((v) => (typeof v === 'string' ? v.trim() : v))
    .filter((v) => v !== '');
};

@ValidatorConstraint({ name: 'isAfterInstant' })
class IsAfterInstantConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const [other] = args.constraints as [string];
    const start = (args.object as Record<string, unknown>)[other];
    if (typeof value !== 'string' || typeof start !== 'string') return true;
    const [a, b] = [Date.parse(start), Date.parse(value)];
    // A malformed instant fails on its own rule.
    return !Number.isFinite(a) || !Number.isFinite(b) || b > a;
  }
  defaultMessage(args: ValidationArguments): string {
    return `$property must be after ${(args.constraints as [string])[0]}`;
  }
}

/**
 * What the audit search and export filter on. Every filter is optional and they combine with AND;
 * the types of one `type` filter combine with OR.
 */
export class AuditFilterQuery {
  @ApiPropertyOptional({
    description: 'User id of the actor who issued the command (exact)',
    example: 'u-17',
  })
  @IsOptional()
  @IsString()
  @Matches(ACTOR_PATTERN, { message: 'actor must be 1–128 printable ASCII characters' })
  actor?: string;

  @ApiPropertyOptional({ enum: ACTOR_ROLES, description: 'Role of the actor' })
  @IsOptional()
  @IsIn(ACTOR_ROLES)
  role?: ActorRole;

  @ApiPropertyOptional({
    enum: AUDITED_EVENT_TYPES,
    isArray: true,
    description: 'Event type(s): repeat the parameter or separate with commas (any of them matches)',
    example: ['OrderRecorded', 'OrderCancelled'],
  })
  @IsOptional()
  @Transform(toList)
  @ArrayNotEmpty({ message: 'type must name at least one event type' })
  @ArrayMaxSize(AUDITED_EVENT_TYPES.length)
  @IsIn(AUDITED_EVENT_TYPES, {
    each: true,
    message: `type must name customer event types (${AUDITED_EVENT_TYPES.join(', ')})`,
  })
  type?: string[];

  @ApiPropertyOptional({ description: 'Only events about this customer', example: 'cust-1001' })
  @IsOptional()
  @IsString()
  @Matches(CUSTOMER_ID_PATTERN, {
    message: 'customerId must be 1–64 letters, digits or _ . : - (starting with a letter or digit)',
  })
  customerId?: string;

  @IsInstant('Start of the time range, inclusive (see timeField)', '2026-11-01T00:00:00Z')
  from?: string;

  @IsInstant('End of the time range, exclusive (see timeField)', '2026-12-01T00:00:00Z')
  @Validate(IsAfterInstantConstraint, ['from'])
  to?: string;

  @ApiPropertyOptional({
    enum: AUDIT_TIME_FIELDS,
    default: 'occurredAt',
    description:
      'Which time `from`/`to` apply to: occurredAt = business time of the fact (default), ' +
      'recordedAt = when the system stored it',
  })
  @IsOptional()
  @IsIn(AUDIT_TIME_FIELDS)
  timeField?: AuditTimeField;

  @ApiPropertyOptional({
    enum: AUDIT_ORDERS,
    default: 'asc',
    description: 'By global position: asc = log order (oldest first), desc = newest first',
  })
  @IsOptional()
  @IsIn(AUDIT_ORDERS)
  order?: 'asc' | 'desc';

  @IsConsistencyAfter()
  after?: string;
}
