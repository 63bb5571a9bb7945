import { BadRequestException, Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { CustomerSummaryEntity } from '@crm/read-models';
import { CustomerPage, CustomerView } from './dto/customer.view';
import { ListCustomersQuery } from './dto/list-customers.query';

const encodeCursor = (customerId: string) => Buffer.from(customerId, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(
    @InjectRepository(CustomerSummaryEntity) private readonly customers: Repository<CustomerSummaryEntity>,
  ) {}

  @Get()
  @ApiOkResponse({ type: CustomerPage, description: 'Customers ordered by id, keyset-paginated' })
  async list(@Query() query: ListCustomersQuery): Promise<CustomerPage> {
    const limit = query.limit ?? 50;
    const filtered = this.customers.createQueryBuilder('c');
    if (query.region) filtered.andWhere('c.region = :region', { region: query.region });
    if (query.type) filtered.andWhere('c.type = :type', { type: query.type });
    if (query.stage) filtered.andWhere('c.lifecycle_stage = :stage', { stage: query.stage });
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      filtered.andWhere(
        new Brackets((w) =>
          w.where('c.name ILIKE :pattern', { pattern }).orWhere('c.external_id ILIKE :pattern'),
        ),
      );
    }
    const total = await filtered.clone().getCount();
    const page = filtered
      .clone()
      .orderBy('c.customer_id', 'ASC')
      .take(limit + 1);
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      if (!after)
        throw new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message: 'The request is invalid',
          errors: [{ field: 'cursor', message: 'cursor is not one this API issued' }],
        });
      page.andWhere('c.customer_id > :after', { after });
    }
    const rows = await page.getMany();
    const items = rows.slice(0, limit).map(CustomerView.from);
    const nextCursor = rows.length > limit ? encodeCursor(items[items.length - 1]!.customerId) : null;
    return { items, nextCursor, total };
  }

  @Get(':id')
  @ApiOkResponse({ type: CustomerView })
  @ApiNotFoundResponse({ description: 'No such customer (or not projected yet)' })
  async get(@Param('id') id: string): Promise<CustomerView> {
    const row = await this.customers.findOneBy({ customerId: id });
    if (!row) throw new NotFoundException(`Customer ${id} not found`);
    return CustomerView.from(row);
  }
}
