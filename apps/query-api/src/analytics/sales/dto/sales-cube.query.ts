import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsOptional,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { IsDay, IsNotBefore } from '../../shared/query-validators';

/** The dimensions the sales cube can be grouped by (the only names that reach the SQL). */
export const SALES_DIMENSIONS = [
  'day',
  'month',
  'region',
  'category',
  'brand',
  'priceBand',
  'customerClass',
  'customerType',
  'channel',
] as const;
export type SalesDimension = (typeof SALES_DIMENSIONS)[number];

const isDimension = (name: string): name is SalesDimension =>
  (SALES_DIMENSIONS as readonly string[]).includes(name);

@ValidatorConstraint({ name: 'salesDimensions' })
class SalesDimensionsConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (!Array.isArray(value)) return false;
    const names = value as unknown[];
    return (
      names.every((n) => typeof n === 'string' && isDimension(n)) && new Set(names).size === names.length
    );
  }
  defaultMessage(args: ValidationArguments): string {
    const names = Array.isArray(args.value) ? (args.value as unknown[]).map(String) : [String(args.value)];
    const unknown = names.filter((n) => !isDimension(n));
    if (unknown.length > 0) {
      return `groupBy has unknown dimension(s) ${unknown.map((n) => `"${n}"`).join(', ')}; allowed: ${SALES_DIMENSIONS.join(', ')}`;
    }
    return 'groupBy names a dimension more than once';
  }
}

/** "region,category" (or the parameter repeated) → ["region", "category"]. */
const toList = ({ value }: { value: unknown }): unknown => {
  if (value === undefined || value === null) return value;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) =>
    typeof v === 'string' ? v.split(',') : [v],
  );
  return parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter((p) => p !== '');
};

export class SalesCubeQuery {
  @IsDay('First day of the range (UTC, inclusive)', '2026-10-01', true) from!: string;

  @IsDay('Last day of the range (UTC, inclusive); also fixes the ABC class date', '2026-12-31', true)
  @IsNotBefore('from')
  to!: string;

  @ApiPropertyOptional({
    description: `Comma-separated dimensions to group by, any of: ${SALES_DIMENSIONS.join(', ')}. None: one total row.`,
    example: 'region,category',
    type: String,
  })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(SALES_DIMENSIONS.length)
  @Validate(SalesDimensionsConstraint)
  groupBy?: SalesDimension[];
}
