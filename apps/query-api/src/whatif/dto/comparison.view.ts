import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MoversPage, WhatIfComparison, WhatIfSide } from '@crm/read-models';
import { AbcClassView } from '../../value/dto/abc.view';
import { CandidatePolicyDto } from './candidate-policy.dto';
import { WhatIfRunView } from './whatif-run.view';

export class MatrixView {
  @ApiProperty({
    example: ['A', 'B', 'C', 'none'],
    description: '"none": not in the population under that policy',
  })
  labels!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
    example: { A: { A: 118, B: 0, C: 0, none: 0 }, B: { A: 118, B: 236, C: 0, none: 0 } },
    description: 'counts[live][candidate]: customers in that class (stage) under each policy',
  })
  counts!: Record<string, Record<string, number>>;
  @ApiProperty({ example: 2357, description: 'Sum of every cell: each customer once' }) total!: number;
  @ApiProperty({ example: 590, description: 'Customers off the diagonal' }) moved!: number;
}

export class AbcSideView {
  @ApiProperty({ enum: ['revenue', 'gross_margin'] }) measure!: string;
  @ApiProperty({ example: 12 }) windowMonths!: number;
  @ApiProperty({ format: 'date-time' }) windowStart!: string;
  @ApiProperty({ example: 2357 }) population!: number;
  @ApiProperty({ example: '297400.00' }) totalMeasure!: string;
  @ApiProperty({ example: '297400.00' }) totalRevenue!: string;
  @ApiProperty({ type: [AbcClassView], description: 'Customers and revenue share per class' })
  classes!: AbcClassView[];
}

export class SideView {
  @ApiProperty({ type: CandidatePolicyDto }) policy!: CandidatePolicyDto;
  @ApiPropertyOptional({ nullable: true, description: 'Log position the read model has applied' })
  position!: string | null;
  @ApiProperty({ type: AbcSideView }) abc!: AbcSideView;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { prospect: 0, dormant: 2100 },
  })
  stages!: Record<string, number>;
}

export class ComparisonView {
  @ApiProperty({ example: 7 }) runId!: number;
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiPropertyOptional({ nullable: true, description: 'Live policy version; null: the default policy' })
  livePolicyVersion!: number | null;
  @ApiProperty({ type: SideView }) live!: SideView;
  @ApiProperty({ type: SideView }) candidate!: SideView;
  @ApiProperty({
    description:
      'The shadow has applied every event the live read model has (policy changes aside); when false, ' +
      'customers newer than one side show as "none" there',
  })
  inSync!: boolean;
  @ApiProperty({ type: MatrixView, description: 'Class under the live policy → class under the candidate' })
  classMatrix!: MatrixView;
  @ApiProperty({ type: MatrixView, description: 'Stage under the live policy → stage under the candidate' })
  stageMatrix!: MatrixView;
}

export class MoverView {
  @ApiProperty() customerId!: string;
  @ApiPropertyOptional({ nullable: true }) name!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['A', 'B', 'C'] }) liveClass!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['A', 'B', 'C'] }) candidateClass!: string | null;
  @ApiPropertyOptional({ nullable: true, example: '1520.00' }) liveMeasure!: string | null;
  @ApiPropertyOptional({ nullable: true, example: '1520.00' }) candidateMeasure!: string | null;
  @ApiPropertyOptional({ nullable: true }) liveStage!: string | null;
  @ApiPropertyOptional({ nullable: true }) candidateStage!: string | null;
}

export class MoversView {
  @ApiProperty({ example: 7 }) runId!: number;
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ example: 590, description: 'Customers matching the filter, all pages' }) total!: number;
  @ApiProperty({ type: [MoverView] }) items!: MoverView[];
  @ApiPropertyOptional({ nullable: true, description: 'Pass as `after` for the next page' }) nextCursor!:
    string | null;
}

export class PolicySwitchView {
  @ApiProperty({ example: 4, description: 'The policy version appended' }) version!: number;
  @ApiProperty({
    example: '812-9310',
    description:
      'Its log position: send it as X-Consistency-Token (or ?after=) to read once the switch is applied',
  })
  consistencyToken!: string;
  @ApiProperty({ example: 3, description: 'The live policy version before this change (0: default)' })
  previousVersion!: number;
  @ApiProperty({ description: 'The command was appended before: nothing new was written' })
  replayed!: boolean;
  @ApiProperty({ type: WhatIfRunView }) run!: WhatIfRunView;
}

const side = (s: WhatIfSide): SideView => ({
  policy: s.policy,
  position: s.position,
  abc: { ...s.abc, windowStart: new Date(s.abc.windowStart).toISOString() },
  stages: s.stages,
});

export const toComparisonView = (c: WhatIfComparison): ComparisonView => ({
  runId: c.runId,
  asOf: c.asOf.toISOString(),
  livePolicyVersion: c.livePolicyVersion,
  live: side(c.live),
  candidate: side(c.candidate),
  inSync: c.inSync,
  classMatrix: c.classMatrix,
  stageMatrix: c.stageMatrix,
});

export const toMoversView = (runId: number, asOf: Date, page: MoversPage): MoversView => ({
  runId,
  asOf: asOf.toISOString(),
  ...page,
});
