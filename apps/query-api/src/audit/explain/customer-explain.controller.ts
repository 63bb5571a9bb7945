import { Controller, Get, Inject, NotFoundException, Param, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { EventStore } from '@crm/event-store';
import { QUERY_EVENT_STORE } from '../../shared/event-store.module';
import { CustomerIdPipe } from '../customer-id.pipe';
import { ExplainQuery } from '../dto/explain.query';
import { pointInTime } from '../dto/instant.validators';
import { readCustomerExplain } from './customer-explain.reader';
import { CustomerExplainView } from './dto/customer-explain.view';
import { CustomerReadGuard } from '../../access/customer-read.guard';

/** "Why": the rules and the events behind a customer's ABC class and lifecycle stage. */
@ApiTags('audit')
@Controller('customers')
export class CustomerExplainController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(QUERY_EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get(':id/explain')
  @UseGuards(CustomerReadGuard)
  @ApiForbiddenResponse({ description: 'Another rep’s customer, or outside the manager’s regions' })
  @ApiOperation({
    summary: 'Why the customer has its ABC class and lifecycle stage',
    description:
      'The live segmentation policy (version, parameters, the SegmentationPolicyChanged that set it); ' +
      "the ABC measure, the customer's rank among N, the A and A+B cut-off ranks and the measure at " +
      'them (as GET /analytics/abc computes them); the lifecycle stage with the thresholds, first / last / ' +
      'reactivating order dates and days since; and the events that last changed them.',
  })
  @ApiOkResponse({ type: CustomerExplainView })
  @ApiBadRequestResponse({ description: 'A malformed id or asOf (errors name the field)' })
  @ApiNotFoundResponse({ description: 'No such customer (or not projected yet), or registered after asOf' })
  async explain(
    @Param('id', new CustomerIdPipe()) customerId: string,
    @Query() query: ExplainQuery,
  ): Promise<CustomerExplainView> {
    const asOf = pointInTime(query.asOf, new Date());
    const result = await readCustomerExplain(this.db, this.store, customerId, asOf);
    if (result === 'unknown') throw new NotFoundException(`Customer ${customerId} not found`);
    if (result === 'not_registered') {
      throw new NotFoundException(`Customer ${customerId} was not registered at ${asOf.toISOString()}`);
    }
    return result;
  }
}
