import type { AuditEntryView } from '../dto/audit-entry.view';
import type { AuditExportFormat } from '../dto/audit-export.query';
import { csvRecord } from './csv';

/** The CSV columns, in order; the header row names them. */
export const AUDIT_CSV_COLUMNS = [
  'globalPosition',
  'customerId',
  'streamVersion',
  'type',
  'eventId',
  'actorUserId',
  'actorRole',
  'occurredAt',
  'recordedAt',
  'commandId',
  'correlationId',
  'causationId',
  'summary',
] as const;

export interface AuditFileFormat {
  contentType: string;
  extension: string;
  /** What the file starts with (the CSV header row; nothing for NDJSON). */
  header: string;
  row(entry: AuditEntryView): string;
}

const csvRow = (e: AuditEntryView): string =>
  csvRecord([
    e.globalPosition,
    e.customerId,
    String(e.streamVersion),
    e.type,
    e.eventId,
    e.actor.userId,
    e.actor.role,
    e.occurredAt,
    e.recordedAt,
    e.commandId,
    e.correlationId,
    e.causationId,
    e.summary,
  ]);

const FORMATS: Record<AuditExportFormat, AuditFileFormat> = {
  csv: {
    contentType: 'text/csv; charset=utf-8; header=present',
    extension: 'csv',
    header: csvRecord(AUDIT_CSV_COLUMNS),
    row: csvRow,
  },
  ndjson: {
    contentType: 'application/x-ndjson; charset=utf-8',
    extension: 'ndjson',
    header: '',
    // JSON.stringify escapes CR and LF inside strings, so one entry is always one line.
    row: (e) => `${JSON.stringify(e)}\n`,
  },
};

export const auditFileFormat = (format: AuditExportFormat): AuditFileFormat => FORMATS[format];
