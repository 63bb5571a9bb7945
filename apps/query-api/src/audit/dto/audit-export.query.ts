import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AuditFilterQuery } from './audit-filter.query';

export const AUDIT_EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** The whole result of an audit search as a file. */
export class AuditExportQuery extends AuditFilterQuery {
  @ApiPropertyOptional({
    enum: AUDIT_EXPORT_FORMATS,
    default: 'csv',
    description:
      'csv: RFC 4180 with a header row (CRLF, quoted when needed); ndjson: one JSON object per line',
  })
  @IsOptional()
  @IsIn(AUDIT_EXPORT_FORMATS)
  format?: AuditExportFormat;
}
