import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { SALES_CHANNELS, type SalesChannel } from '@crm/events';
import { IsBusinessTime, IsEntityId, IsMoney, IsText } from '../../shared/validators';

export class OrderLineDto {
  @IsText(64, 'Stock keeping unit', 'TV-55-OLED')
  sku!: string;

  @IsText(100, 'Product category', 'televisions')
  category!: string;

  @IsText(100, 'Brand', 'Lumina')
  brand!: string;

  @ApiProperty({ example: 4, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  quantity!: number;

  @IsMoney('Selling price per unit', '899.00')
  unitPrice!: string;

  @IsMoney('List price per unit (shows price cutting)', '999.00', false)
  listPrice?: string;

  @IsMoney('Cost per unit (for gross margin)', '610.00', false)
  unitCost?: string;
}

export class RecordOrderDto {
  @IsEntityId('Order id; an order is recorded once', 'order-2026-0001')
  orderId!: string;

  @IsEntityId('Rep credited with the order', 'rep-12', false)
  repId?: string;

  @ApiProperty({ enum: SALES_CHANNELS, example: 'direct' })
  @IsIn(SALES_CHANNELS)
  channel!: SalesChannel;

  @ApiProperty({ type: [OrderLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];

  @IsBusinessTime('When the order was placed', '2026-11-04T10:00:00Z')
  orderedAt!: string;
}
