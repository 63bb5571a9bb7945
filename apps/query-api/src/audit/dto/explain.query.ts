import { IsConsistencyAfter } from './consistency-after';
import { IsPointInTime } from './instant.validators';

export class ExplainQuery {
  @IsPointInTime('Explain the class and stage at this instant (default: now)', '2026-11-01T00:00:00Z')
  asOf?: string;

  @IsConsistencyAfter()
  after?: string;
}
