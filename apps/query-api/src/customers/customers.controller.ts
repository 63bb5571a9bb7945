import { Controller, Get, NotFoundException, Param, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CurrentPrincipal, type Principal } from '@crm/platform';
import { CustomerReadGuard } from '../access/customer-read.guard';
import { customerScopeOf } from '../access/customer-scope';
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
    description:
      'Customers filtered by class, stage, region, owner, type and text; sorted, keyset-paginated. A rep ' +
      'sees only the customers they own, a manager those of their regions (the filters narrow further)',
  })
  @ApiBadRequestResponse({ description: 'A filter, sort or cursor is invalid (errors name the field)' })
  list(@Query() query: ListCustomersQuery, @CurrentPrincipal() principal: Principal): Promise<CustomerPage> {
    return listCustomers(this.db, query, new Date(), customerScopeOf(principal));
  }

  @Get(':id')
  @ApiOkResponse({
    type: CustomerDetailView,
    description: 'Value, RFM, ABC class, lifecycle stage and its history',
  })
  @ApiNotFoundResponse({ description: 'No such customer (or not projected yet)' })
  @ApiForbiddenResponse({ description: 'Another rep’s customer, or outside the manager’s regions' })
  @UseGuards(CustomerReadGuard)
  async get(@Param('id') id: string, @Query() query: AsOfQuery): Promise<CustomerDetailView> {
    const customer = await readCustomerDetail(this.db, id, query.asOf);
    if (!customer) throw new NotFoundException(`Customer ${id} not found`);
    return customer;
  }
}
