import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ContactComplianceService } from './contact-compliance.service';
import { ContactComplianceQuery } from './dto/contact-compliance.query';
import { ContactComplianceView } from './dto/contact-compliance.view';
import { Roles } from '@crm/platform';

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
      'Customers count under their current owner, region and live class (as of `asOf`, default now).',
  })
  @ApiBadRequestResponse({ description: 'A malformed period or asOf' })
  async compliance(@Query() query: ContactComplianceQuery): Promise<ContactComplianceView> {
    return this.service.query(query);
  }
}
