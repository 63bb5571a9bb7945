import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIFECYCLE_STAGES } from '@crm/read-models';
import { TimelineActorView } from '../../dto/timeline.view';

/** A stored event that changed what is explained. */
export class ExplainEventView {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: '1042' }) globalPosition!: string;
  @ApiProperty({ example: 'OrderRecorded' }) type!: string;
  @ApiProperty({ format: 'date-time', description: 'Business time' }) occurredAt!: string;
  @ApiProperty({ type: TimelineActorView }) actor!: TimelineActorView;
  @ApiPropertyOptional({ nullable: true, description: 'One line on what it was' }) summary!: string | null;
}

export class ExplainPolicyView {
  @ApiPropertyOptional({
    nullable: true,
    description: 'Live policy version; null: the default policy (never changed)',
  })
  version!: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The policy document: abc {measure, windowMonths, aPercent, abPercent}, lifecycle, rfm',
  })
  parameters!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, format: 'date-time' }) changedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Why it was changed' }) reason!: string | null;
  @ApiPropertyOptional({
    type: ExplainEventView,
    nullable: true,
    description: 'The SegmentationPolicyChanged',
  })
  event!: ExplainEventView | null;
}

export class ExplainCutoffView {
  @ApiProperty({
    example: 'ceil(5% × 41) = 3',
    description: 'How the cut-off rank follows from the policy and N',
  })
  rule!: string;
  @ApiProperty({ example: 3, description: 'Last rank inside the cut-off (at most N)' }) rank!: number;
  @ApiProperty({ example: '40100.00', description: 'The measure of the customer at that rank' })
  measureAtCutoff!: string;
}

export class ExplainAbcView {
  @ApiProperty({ enum: ['A', 'B', 'C'] }) abcClass!: string;
  @ApiProperty({ enum: ['revenue', 'gross_margin'] }) measure!: string;
  @ApiProperty({ example: '10788.00', description: "The customer's measure in the window" })
  measureValue!: string;
  @ApiProperty({ example: 3 }) rank!: number;
  @ApiProperty({ example: 41, description: 'N: customers registered before asOf' }) population!: number;
  @ApiProperty({ format: 'date-time', description: 'Window [windowStart, asOf), UTC' }) windowStart!: string;
  @ApiProperty({ example: 4, description: "The customer's live orders in the window" })
  ordersInWindow!: number;
  @ApiProperty({ type: ExplainCutoffView, description: 'Class A: ranks 1..rank' })
  aCutoff!: ExplainCutoffView;
  @ApiProperty({ type: ExplainCutoffView, description: 'Classes A and B: ranks 1..rank' })
  abCutoff!: ExplainCutoffView;
  @ApiProperty({ example: 'rank 3 ≤ 3 (A cut-off) → A' }) reason!: string;
  @ApiPropertyOptional({
    type: ExplainEventView,
    nullable: true,
    description: "The customer's last OrderRecorded / OrderCancelled at or before asOf",
  })
  lastOrderEvent!: ExplainEventView | null;
}

export class ExplainThresholdsView {
  @ApiProperty({ example: 90 }) newWithinDays!: number;
  @ApiProperty({ example: 90 }) atRiskAfterDays!: number;
  @ApiProperty({ example: 180 }) dormantAfterDays!: number;
}

export class ExplainTransitionView {
  @ApiPropertyOptional({ enum: LIFECYCLE_STAGES, nullable: true }) fromStage!: string | null;
  @ApiProperty({ enum: LIFECYCLE_STAGES }) toStage!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: '1042', description: 'Position of the event that wrote the transition' })
  globalPosition!: string;
  @ApiPropertyOptional({ type: ExplainEventView, nullable: true }) event!: ExplainEventView | null;
}

export class ExplainLifecycleView {
  @ApiProperty({ enum: LIFECYCLE_STAGES }) stage!: string;
  @ApiProperty({ type: ExplainThresholdsView }) thresholds!: ExplainThresholdsView;
  @ApiPropertyOptional({
    nullable: true,
    format: 'date-time',
    description: 'First live order at or before asOf',
  })
  firstOrderAt!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    format: 'date-time',
    description: 'Last live order at or before asOf',
  })
  lastOrderAt!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    format: 'date-time',
    description: 'Last order that ended a gap longer than dormantAfterDays',
  })
  reactivatedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, example: '120.50' }) daysSinceFirstOrder!: string | null;
  @ApiPropertyOptional({ nullable: true, example: '12.25' }) daysSinceLastOrder!: string | null;
  @ApiPropertyOptional({ nullable: true, example: '12.25' }) daysSinceReactivation!: string | null;
  @ApiProperty({ example: 'last order 120.50 days before asOf ≥ atRiskAfterDays 90, < dormantAfterDays 180' })
  reason!: string;
  @ApiPropertyOptional({
    type: ExplainTransitionView,
    nullable: true,
    description: 'The transition in force at asOf',
  })
  transition!: ExplainTransitionView | null;
  @ApiPropertyOptional({
    type: ExplainTransitionView,
    nullable: true,
    description: 'The next scheduled transition (holds unless the customer orders before it)',
  })
  next!: ExplainTransitionView | null;
}

/** Why a customer has its ABC class and lifecycle stage. */
export class CustomerExplainView {
  @ApiProperty({ example: 'cust-1001' }) customerId!: string;
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: ExplainPolicyView }) policy!: ExplainPolicyView;
  @ApiPropertyOptional({
    type: ExplainAbcView,
    nullable: true,
    description: 'null: registered at asOf exactly',
  })
  abc!: ExplainAbcView | null;
  @ApiProperty({ type: ExplainLifecycleView }) lifecycle!: ExplainLifecycleView;
}
