import { IsConsistencyAfter } from './consistency-after';
import { IsPointInTime } from './instant.validators';

export class HistoryQuery {
  @IsPointInTime(
    'Fold the events whose business time is at or before this instant (default: now)',
    '2026-11-01T00:00:00Z',
  )
  asOf?: string;

  @IsPointInTime(
    'Also leave out events recorded after this instant: the customer as the system knew it then ' +
      '(default: everything recorded so far)',
    '2026-11-15T00:00:00Z',
  )
  knownAt?: string;

  @IsConsistencyAfter()
  after?: string;
}
