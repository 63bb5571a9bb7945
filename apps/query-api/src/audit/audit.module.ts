import { Module } from '@nestjs/common';
import { TimelineController } from './timeline.controller';

/** The audit trail: every interaction as stored, never edited (read-only endpoints). */
@Module({ controllers: [TimelineController] })
export class AuditModule {}
