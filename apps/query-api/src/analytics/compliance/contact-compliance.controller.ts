import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ContactComplianceService } from './contact-compliance.service';
import { ContactComplianceQuery } from './dto/contact-compliance.query';
import { ContactComplianceView } from './dto/contact-compliance.view';
import { CurrentPrincipal, Roles, type Principal } from '@crm/platform';
import { analyticsRegionsOf } from '../../access/analytics-scope';

@ApiTags('analytics')
@Roles('manager', 'admin')
@Controller('analytics/contact-compliance')
export class ContactComplianceController {
  constructor(private readonly service: ContactComplianceService) {}

  @Get()
  @ApiOkResponse({
    type: ContactComplianceView,
    description:
      'Per rep × live ABC class × region: planned vs actual visits, budget vs spent, activity types. ' +
      'Customers count under their current owner, region and live class (as of `asOf`, default now). ' +
      "A manager sees only the rows of their regions (the customers' current region).",
  })
  @ApiBadRequestResponse({ description: 'A malformed period or asOf' })
  @ApiForbiddenResponse({
    description:
      'A rep, or a manager whose `region` filter is not one of their regions (OUTSIDE_YOUR_REGION)',
  })
  async compliance(
    @Query() query: ContactComplianceQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ContactComplianceView> {
    const regions = analyticsRegionsOf(principal, { field: 'region', region: query.region });
    return this.service.query(query, regions);
  }
}
