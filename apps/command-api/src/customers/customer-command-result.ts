import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CommandResult } from '../application/command-result';

/** A command result that also names the customer (and what the command created in it). */
export class CustomerCommandResult extends CommandResult {
  @ApiProperty({ example: 'cust-1001' })
  customerId!: string;

  @ApiPropertyOptional({ example: 'person-3', description: 'Contact person added' })
  contactPersonId?: string;

  @ApiPropertyOptional({ example: 'feedback-88', description: 'Competitor feedback recorded' })
  feedbackId?: string;

  @ApiPropertyOptional({ example: 'opp-2026-17', description: 'Opportunity opened' })
  opportunityId?: string;

  @ApiPropertyOptional({ example: 'pay-2026-0042', description: 'Payment recorded' })
  paymentId?: string;
}
