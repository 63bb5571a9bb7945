import { IsBusinessTime, IsTextList } from '../../shared/validators';

/** The rep's whole territory; it replaces the previous one. Lists are de-duplicated. */
export class AssignTerritoryDto {
  @IsTextList({ minItems: 1, maxItems: 100, maxLength: 100 }, 'Regions (at least one)', ['east', 'north'])
  regions!: string[];

  @IsTextList(
    { minItems: 0, maxItems: 200, maxLength: 100 },
    'Product categories (none: all categories)',
    ['televisions', 'audio'],
    false,
  )
  categories?: string[];

  @IsTextList({ minItems: 0, maxItems: 200, maxLength: 100 }, 'Brands (none: all brands)', ['Lumina'], false)
  brands?: string[];

  @IsBusinessTime('When the territory applies from (default: now)', '2026-12-01T00:00:00Z', false)
  assignedAt?: string;
}
