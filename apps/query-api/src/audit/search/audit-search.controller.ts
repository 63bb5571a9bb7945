import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { AuditPage } from '../dto/audit-entry.view';
import { AuditExportQuery } from '../dto/audit-export.query';
import { AuditSearchQuery } from '../dto/audit-search.query';
import { AUDIT_CSV_COLUMNS, auditFileFormat } from './audit-export.format';
import { openAuditExport } from './audit-export.stream';
import { toAuditEntry, type AuditRow } from './audit-row';
import { auditPageStatement } from './audit-search.sql';
import { CurrentPrincipal, Roles, type Principal } from '@crm/platform';
import { regionScopeOf } from '../../access/customer-scope';

const DEFAULT_LIMIT = 100;

/** "2026-11-20T10:00:00.123Z" → "20261120T100000Z" (for file names). */
const compactInstant = (d: Date): string =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/**
 * The audit trail search over the interaction index (one row per customer event, append-only).
 * Read-only: nothing here, nor anywhere in the API, edits or deletes an event.
 */
@ApiTags('audit')
@Roles('manager', 'admin')
@Controller('audit')
export class AuditSearchController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @ApiOperation({
    summary: 'Search the audit trail',
    description:
      'Customer events filtered by actor, role, type(s), customer and a time range (business time by ' +
      'default, recorded time with timeField=recordedAt; from inclusive, to exclusive), in global-log ' +
      'order, keyset-paginated on the global position. The index is a projection: an event shows once ' +
      'the projector has indexed it (send X-Consistency-Token to wait for a write).',
  })
  @ApiOkResponse({ type: AuditPage })
  @ApiBadRequestResponse({ description: 'A filter, limit or cursor is invalid (errors name the field)' })
  async search(
    @Query() query: AuditSearchQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AuditPage> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    // One row more than the page, to know whether another follows.
    const statement = auditPageStatement(query, query.cursor ?? null, limit + 1, regionScopeOf(principal));
    const rows = (await this.db.query(statement.text, statement.values)) as AuditRow[];
    const page = rows.slice(0, limit);
    return {
      items: page.map(toAuditEntry),
      nextCursor: rows.length > limit ? page[page.length - 1]!.globalPosition : null,
    };
  }

  @Get('export')
  @ApiOperation({
    summary: 'Export the audit trail as a file (streamed)',
    description:
      'Every event the same filters find, in the same order, as CSV (RFC 4180, header row: ' +
      `${AUDIT_CSV_COLUMNS.join(', ')}) or NDJSON (one search item per line). Streamed in chunks from ` +
      'one consistent snapshot; values are written as stored (no spreadsheet-formula escaping).',
  })
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({
    description: 'The file, as an attachment',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/x-ndjson': { schema: { type: 'string' } },
    },
  })
  @ApiBadRequestResponse({ description: 'A filter or the format is invalid (errors name the field)' })
  async export(
    @Query() query: AuditExportQuery,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const format = auditFileFormat(query.format ?? 'csv');
    const file = `audit-${compactInstant(new Date())}.${format.extension}`;
    const stream = await openAuditExport(this.db, query, format, undefined, regionScopeOf(principal));
    void reply
      .header('Content-Type', format.contentType)
      .header('Content-Disposition', `attachment; filename="${file}"`)
      .header('Cache-Control', 'no-store')
      .send(stream);
  }
}
