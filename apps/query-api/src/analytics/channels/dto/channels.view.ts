import { ApiProperty } from '@nestjs/swagger';

const CLASS = {
  enum: ['A', 'B', 'C'],
  nullable: true,
  description: 'Live ABC class at the end of the range',
};
const TYPE = { enum: ['retail', 'direct', 'distributor'], description: 'Customer type at the time' };

export class ContactChannelView {
  @ApiProperty({ enum: ['onsite', 'phone', 'email', 'messaging', 'fax', 'web'] }) channel!: string;
  @ApiProperty(CLASS) customerClass!: string | null;
  @ApiProperty(TYPE) customerType!: string;
  @ApiProperty({ example: 12 }) contacts!: number;
  @ApiProperty({ example: '420.00' }) contactCost!: string;
  @ApiProperty({ example: '35.00', description: 'contactCost ÷ contacts, 2 decimals' })
  costPerContact!: string;
}

export class SalesChannelView {
  @ApiProperty({ enum: ['direct', 'partner', 'web'] }) channel!: string;
  @ApiProperty(CLASS) customerClass!: string | null;
  @ApiProperty(TYPE) customerType!: string;
  @ApiProperty({ example: 5, description: 'Orders not cancelled' }) orders!: number;
  @ApiProperty({ example: '40' }) quantity!: string;
  @ApiProperty({ example: '12000.00' }) revenue!: string;
  @ApiProperty({ example: '9000.00', description: 'Cost of the lines that have a unit cost' }) cost!: string;
  @ApiProperty({ example: '3000.00', description: 'Amount of the costed lines − their cost' })
  grossMargin!: string;
  @ApiProperty({ example: '0.2500', nullable: true, description: 'grossMargin ÷ amount of the costed lines' })
  marginRate!: string | null;
}

export class ChannelSegmentView {
  @ApiProperty(CLASS) customerClass!: string | null;
  @ApiProperty(TYPE) customerType!: string;
  @ApiProperty({ example: 12 }) contacts!: number;
  @ApiProperty({ example: '420.00' }) contactCost!: string;
  @ApiProperty({ example: 5 }) orders!: number;
  @ApiProperty({ example: '12000.00' }) revenue!: string;
  @ApiProperty({ example: '3000.00' }) grossMargin!: string;
  @ApiProperty({ example: '2580.00', description: 'grossMargin − contactCost' })
  marginAfterContactCost!: string;
  @ApiProperty({ example: '0.0350', nullable: true, description: 'contactCost ÷ revenue, 4 decimals' })
  contactCostRate!: string | null;
}

export class ChannelsView {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ format: 'date-time' }) classAsOf!: string;
  @ApiProperty({ type: [ContactChannelView], description: 'Contact cost per contact channel × segment' })
  contactChannels!: ContactChannelView[];
  @ApiProperty({ type: [SalesChannelView], description: 'Revenue per sales channel × segment' })
  salesChannels!: SalesChannelView[];
  @ApiProperty({
    type: [ChannelSegmentView],
    description: 'Per segment: what contacting it cost and what it brought',
  })
  segments!: ChannelSegmentView[];
}
