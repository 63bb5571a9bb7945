import type { CustomerEvent } from '@crm/events';

const MAX_SUMMARY_LENGTH = 500;

const unhandled = (event: never): string => {
  throw new Error(`No interaction summary for ${(event as { type: string }).type}`);
};

const changedFields = (changes: Record<string, unknown>): string =>
  Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${field} → ${String(value)}`)
    .join(', ');

const describe = (event: CustomerEvent): string => {
  switch (event.type) {
    case 'CustomerRegistered': {
      const d = event.data;
      return `Registered ${d.name} (${d.type}, ${d.region})`;
    }
    case 'CustomerProfileUpdated':
      return `Profile updated: ${changedFields(event.data.changes) || 'no change'}`;
    case 'CustomerOwnerAssigned': {
      const d = event.data;
      const previous = d.previousRepId ? ` (was ${d.previousRepId})` : '';
      return `Owner set to rep ${d.repId}${previous}: ${d.reason}`;
    }
    case 'ContactPersonAdded': {
      const d = event.data;
      return `Contact person ${d.name}${d.role ? ` (${d.role})` : ''} added`;
    }
    case 'VisitLogged': {
      const d = event.data;
      const purpose = d.purpose ? ` about ${d.purpose}` : '';
      const outcome = d.outcome ? `; outcome: ${d.outcome}` : '';
      return `${d.channel} contact by rep ${d.repId} (${d.activityType ?? 'unspecified'})${purpose}, cost ${d.cost}${outcome}`;
    }
    case 'CompetitorFeedbackRecorded': {
      const d = event.data;
      return `Competitor ${d.competitor} ${d.product} rated ${d.rating}/5${d.comment ? `: ${d.comment}` : ''}`;
    }
    case 'OpportunityOpened': {
      const d = event.data;
      return `Opportunity ${d.opportunityId} "${d.title}" opened at ${d.stage}, expected ${d.expectedAmount}`;
    }
    case 'OpportunityWon': {
      const d = event.data;
      return `Opportunity ${d.opportunityId} won${d.orderId ? ` with order ${d.orderId}` : ''}`;
    }
    case 'OpportunityLost': {
      const d = event.data;
      return `Opportunity ${d.opportunityId} lost${d.lostTo ? ` to ${d.lostTo}` : ''}: ${d.reason}`;
    }
    case 'OrderRecorded': {
      const d = event.data;
      const lines = d.lines.length === 1 ? '1 line' : `${d.lines.length} lines`;
      return `Order ${d.orderId} recorded via ${d.channel}: ${lines}, ${d.totalQuantity} units, ${d.totalAmount}`;
    }
    case 'OrderCancelled':
      return `Order ${event.data.orderId} cancelled: ${event.data.reason}`;
    case 'PaymentReceived': {
      const d = event.data;
      return `Payment ${d.paymentId} of ${d.amount} received for order ${d.orderId}`;
    }
    default:
      return unhandled(event);
  }
};

/** One line saying what a customer event was, for the audit search (at most 500 characters). */
export const interactionSummary = (event: CustomerEvent): string => {
  const text = describe(event);
  return text.length > MAX_SUMMARY_LENGTH ? `${text.slice(0, MAX_SUMMARY_LENGTH - 1)}…` : text;
};
