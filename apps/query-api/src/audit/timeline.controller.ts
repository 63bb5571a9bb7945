import { Controller, Get, Inject, NotFoundException, Param, Query, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { streams } from '@crm/events';
import type { EventStore } from '@crm/event-store';
import { QUERY_EVENT_STORE } from '../shared/event-store.module';
import { TimelinePage } from './dto/timeline.view';
import { TimelineQuery } from './dto/timeline.query';
import { CustomerReadGuard } from '../access/customer-read.guard';

@ApiTags('audit')
@Controller('customers')
export class TimelineController {
  constructor(@Inject(QUERY_EVENT_STORE) private readonly store: EventStore) {}

  @Get(':id/timeline')
  @UseGuards(CustomerReadGuard)
  @ApiForbiddenResponse({ description: 'Another rep’s customer, or outside the manager’s regions' })
  @ApiOkResponse({
    type: TimelinePage,
    description: 'Every event about the customer, in order, read from the event store itself',
  })
  @ApiNotFoundResponse({ description: 'No event about this customer exists' })
  async timeline(@Param('id') customerId: string, @Query() query: TimelineQuery): Promise<TimelinePage> {
    const limit = query.limit ?? 100;
    const from = query.cursor ? Number(query.cursor) : 0;
    const events = await this.store.readStream(streams.customer(customerId), {
      fromVersion: from,
      toVersion: from + limit, // one more than the page, to know whether another follows
    });
    if (events.length === 0 && from === 0)
      throw new NotFoundException(`Customer ${customerId} has no events`);
    const page = events.slice(0, limit);
    return {
      customerId,
      items: page.map((e) => ({
        streamVersion: e.streamVersion,
        globalPosition: e.globalPosition,
        type: e.type,
        schemaVersion: e.metadata.schemaVersion,
        eventId: e.metadata.eventId,
        commandId: e.metadata.commandId,
        correlationId: e.metadata.correlationId,
        causationId: e.metadata.causationId,
        actor: e.metadata.actor,
        occurredAt: e.metadata.occurredAt,
        recordedAt: e.metadata.recordedAt,
        data: e.data,
      })),
      nextCursor: events.length > limit ? String(page[page.length - 1]!.streamVersion + 1) : null,
    };
  }
}
