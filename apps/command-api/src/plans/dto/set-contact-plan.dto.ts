import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, ValidateNested } from 'class-validator';
import { CUSTOMER_CLASSES, CUSTOMER_TYPES, type CustomerClass, type CustomerType } from '@crm/events';
import { IsBusinessTime, IsIntIn, IsMoney, IsText, IsTextList } from '../../shared/validators';

/** How often and how one segment (class × type × region) is contacted, within what budget. */
export class ContactPlanRuleDto {
  @ApiProperty({ enum: CUSTOMER_CLASSES, example: 'A', description: 'ABC class of the customers' })
  @IsIn(CUSTOMER_CLASSES)
  customerClass!: CustomerClass;

  @ApiProperty({ enum: CUSTOMER_TYPES, example: 'distributor' })
  @IsIn(CUSTOMER_TYPES)
  customerType!: CustomerType;

  @IsText(100, 'Sales region', 'east')
  region!: string;

  @IsIntIn(0, 100, 'Visits per customer and month', 4)
  visitsPerMonth!: number;

  @IsTextList({ minItems: 0, maxItems: 20, maxLength: 50 }, 'Activity types to use (none: any)', [
    'product demo',
    'training',
  ])
  activityTypes!: string[];

  @IsMoney('Budget per visit', '200.00')
  budgetPerVisit!: string;
}

/** The whole contact plan of the period; it replaces the previous one (next revision). */
export class SetContactPlanDto {
  @ApiProperty({
    type: [ContactPlanRuleDto],
    description: 'One rule per class × type × region (at least one)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ContactPlanRuleDto)
  rules!: ContactPlanRuleDto[];

  @IsBusinessTime('When the plan was set (default: now)', '2026-11-25T09:00:00Z', false)
  setAt?: string;
}
