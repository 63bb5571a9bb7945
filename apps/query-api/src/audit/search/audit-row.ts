import type { AuditEntryView } from '../dto/audit-entry.view';

/** A row as selected by auditPageStatement (timestamps as pg returns them). */
export interface AuditRow {
  globalPosition: string;
  customerId: string;
  streamVersion: number;
  type: string;
  eventId: string;
  actorUserId: string;
  actorRole: string;
  occurredAt: Date | string;
  recordedAt: Date | string;
  commandId: string;
  correlationId: string;
  causationId: string;
  summary: string;
}

const iso = (d: Date | string): string => new Date(d).toISOString();

export const toAuditEntry = (row: AuditRow): AuditEntryView => ({
  globalPosition: row.globalPosition,
  customerId: row.customerId,
  streamVersion: row.streamVersion,
  type: row.type,
  eventId: row.eventId,
  actor: { userId: row.actorUserId, role: row.actorRole },
  occurredAt: iso(row.occurredAt),
  recordedAt: iso(row.recordedAt),
  commandId: row.commandId,
  correlationId: row.correlationId,
  causationId: row.causationId,
  summary: row.summary,
});
