import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { customerDecider, foldEvents, type CustomerState } from '@crm/domain';
import { streams, type CustomerEvent } from '@crm/events';
import type { EventStore } from '@crm/event-store';
import { coversRegion, forbidden, principalOf } from '@crm/platform';
import { QUERY_EVENT_STORE } from '../shared/event-store.module';

/**
 * Guards the routes about one customer (`:id`: detail, timeline, history, explain). A rep reads
 * the customers they own, a manager those of their regions, an admin every one; anyone else gets
 * 403. 403 rather than 404: the command API must answer 403 for the same customer (it decides on
 * its state), so hiding its existence here would hide nothing. Ownership and region are folded
 * from the customer's own stream, as the command API does, so a customer just registered is
 * readable by its owner before the read models have caught up. An unknown customer passes: the
 * route answers its 404.
 */
@Injectable()
export class CustomerReadGuard implements CanActivate {
  constructor(@Inject(QUERY_EVENT_STORE) private readonly store: EventStore) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { id?: string } }>>();
    const principal = principalOf(request);
    const customerId = request.params.id;
    if (principal.role === 'admin' || customerId === undefined) return true;
    const events = await this.store.readStream(streams.customer(customerId));
    const state: CustomerState = foldEvents(customerDecider, events as unknown as CustomerEvent[]);
    if (!state.registered) return true;
    if (principal.role === 'rep' && state.ownerRepId !== principal.userId) {
      throw forbidden('NOT_YOUR_CUSTOMER', 'You do not own this customer');
    }
    if (principal.role === 'manager' && !coversRegion(principal, state.profile?.region)) {
      throw forbidden('OUTSIDE_YOUR_REGION', 'The customer is not in one of your regions');
    }
    return true;
  }
}
