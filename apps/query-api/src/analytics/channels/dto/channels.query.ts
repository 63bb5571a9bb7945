import { IsDay, IsNotBefore } from '../../shared/query-validators';

export class ChannelsQuery {
  @IsDay('First day of the range (UTC, inclusive)', '2026-10-01', true) from!: string;

  @IsDay('Last day of the range (UTC, inclusive); also fixes the ABC class date', '2026-12-31', true)
  @IsNotBefore('from')
  to!: string;
}
