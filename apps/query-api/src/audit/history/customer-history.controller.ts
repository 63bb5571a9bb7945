import { Controller, Get, Inject, NotFoundException, Param, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { streams } from '@crm/events';
import type { EventStore } from '@crm/event-store';
import { QUERY_EVENT_STORE } from '../../shared/event-store.module';
import { CustomerIdPipe } from '../customer-id.pipe';
import { HistoryQuery } from '../dto/history.query';
import { pointInTime } from '../dto/instant.validators';
import { foldCustomerHistory } from './customer-history.fold';
import { toCustomerHistoryView } from './customer-history.view-model';
import { CustomerHistoryView } from './dto/customer-history.view';
import { CustomerReadGuard } from '../../access/customer-read.guard';

/** Time travel: a customer as it was, folded from its own events in the event store. */
@ApiTags('audit')
@Controller('customers')
export class CustomerHistoryController {
  constructor(@Inject(QUERY_EVENT_STORE) private readonly store: EventStore) {}

  @Get(':id/history')
  @UseGuards(CustomerReadGuard)
  @ApiForbiddenResponse({ description: 'Another rep’s customer, or outside the manager’s regions' })
  @ApiOperation({
    summary: 'The customer as it was at a point in time',
    description:
      "Reads the customer's stream up to `asOf` by business time (events are applied in stream order) " +
      "and folds it with the domain's customer evolve function: profile, owner, orders (count, revenue, " +
      'paid and outstanding, exact), visits, contacts and open opportunities. Facts recorded later with ' +
      'an earlier business time count (bitemporal: as known now); `knownAt` leaves them out.',
  })
  @ApiOkResponse({ type: CustomerHistoryView })
  @ApiBadRequestResponse({ description: 'A malformed id, asOf or knownAt (errors name the field)' })
  @ApiNotFoundResponse({ description: 'No such customer, or not registered yet at asOf' })
  async history(
    @Param('id', new CustomerIdPipe()) customerId: string,
    @Query() query: HistoryQuery,
  ): Promise<CustomerHistoryView> {
    const asOf = pointInTime(query.asOf, new Date());
    const knownAt = query.knownAt === undefined ? null : pointInTime(query.knownAt, asOf);
    const stream = streams.customer(customerId);
    const events = await this.store.readStream(stream, { untilTime: asOf });
    const known = knownAt
      ? events.filter((e) => Date.parse(e.metadata.recordedAt) <= knownAt.getTime())
      : events;
    const state = foldCustomerHistory(known);
    if (!state.customer.registered) {
      const ever = await this.store.readStream(stream, { fromVersion: 0, toVersion: 0 });
      throw new NotFoundException(
        ever.length === 0
          ? `Customer ${customerId} not found`
          : `Customer ${customerId} was not registered at ${asOf.toISOString()}`,
      );
    }
    return toCustomerHistoryView(customerId, asOf, knownAt, state);
  }
}
