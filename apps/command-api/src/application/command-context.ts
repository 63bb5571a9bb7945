import type { Actor } from '@crm/events';

/** Who sent a command and how it relates to others; the command id makes it idempotent. */
export interface CommandContext {
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
}
