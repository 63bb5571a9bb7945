import { IsBusinessTime, IsEntityId, IsIntIn, IsText } from '../../shared/validators';

export class RecordCompetitorFeedbackDto {
  @IsEntityId('Feedback id; derived from the Idempotency-Key when omitted', 'feedback-88', false)
  feedbackId?: string;

  @IsEntityId('Rep who heard it (must exist)', 'rep-12', false)
  repId?: string;

  @IsText(200, 'Competitor', 'Rival Electronics')
  competitor!: string;

  @IsText(200, 'Competitor product', 'RX-55 television')
  product!: string;

  @IsIntIn(1, 5, 'Rating from 1 (poor) to 5 (excellent)', 4)
  rating!: number;

  @IsText(1000, 'Comment', 'brighter screen, slower service', false)
  comment?: string;

  @IsBusinessTime('When the feedback was heard', '2026-11-03T15:00:00Z')
  observedAt!: string;
}
