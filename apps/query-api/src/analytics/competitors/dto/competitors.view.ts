import { ApiProperty } from '@nestjs/swagger';

export class CompetitorProductView {
  @ApiProperty({ example: 'Acme' }) competitor!: string;
  @ApiProperty({ example: 'Acme X1' }) product!: string;
  @ApiProperty({ example: 'east' }) region!: string;
  @ApiProperty({ example: 3 }) count!: number;
  @ApiProperty({ example: '3.67', description: 'Average rating (1–5), exact, rounded to 2 decimals' })
  averageRating!: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    description: 'When the latest feedback with a comment was heard',
  })
  lastCommentAt!: string | null;
}

export class CompetitorTrendView {
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty({ example: 'Acme' }) competitor!: string;
  @ApiProperty({ example: 'Acme X1' }) product!: string;
  @ApiProperty({ example: 2 }) count!: number;
  @ApiProperty({ example: '4.50' }) averageRating!: string;
}

export class CompetitorsView {
  @ApiProperty({ format: 'date', nullable: true }) from!: string | null;
  @ApiProperty({ format: 'date', nullable: true }) to!: string | null;
  @ApiProperty({ nullable: true }) region!: string | null;
  @ApiProperty({ type: [CompetitorProductView], description: 'By competitor × product × region' })
  products!: CompetitorProductView[];
  @ApiProperty({ type: [CompetitorTrendView], description: 'By month (UTC) × competitor × product' })
  trend!: CompetitorTrendView[];
}
