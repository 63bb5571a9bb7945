import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AsOfQuery } from '../value/dto/as-of.query';
import { CustomerPage } from './dto/customer.view';
import { CustomerDetailView } from './dto/customer-detail.view';
import { ListCustomersQuery } from './dto/list-customers.query';
import { listCustomers } from './customer-list.reader';
import { readCustomerDetail } from './customer-detail.reader';

@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @ApiOkResponse({
    type: CustomerPage,
    description: 'Customers filtered by class, stage, region, owner, type and text; sorted, keyset-paginated',
  })
  @ApiBadRequestResponse({ description: 'A filter, sort or cursor is invalid (errors name the field)' })
  list(@Query() query: ListCustomersQuery): Promise<CustomerPage> {
    return listCustomers(this.db, query, new Date());
  }

  @Get(':id')
  @ApiOkResponse({
    type: CustomerDetailView,
    description: 'Value, RFM, ABC class, lifecycle stage and its history',
  })
  @ApiNotFoundResponse({ description: 'No such customer (or not projected yet)' })
  async get(@Param('id') id: string, @Query() query: AsOfQuery): Promise<CustomerDetailView> {
    const customer = await readCustomerDetail(this.db, id, query.asOf);
    if (!customer) throw new NotFoundException(`Customer ${id} not found`);
    return customer;
  }
}
