import { Module } from '@nestjs/common';
import { RepScorecardController } from '../reps/rep-scorecard.controller';
import { RepScorecardService } from '../reps/rep-scorecard.service';
import { ChannelsController } from './channels/channels.controller';
import { ChannelsService } from './channels/channels.service';
import { CompetitorsController } from './competitors/competitors.controller';
import { CompetitorsService } from './competitors/competitors.service';
import { ContactComplianceController } from './compliance/contact-compliance.controller';
import { ContactComplianceService } from './compliance/contact-compliance.service';
import { SalesCubeController } from './sales/sales-cube.controller';
import { SalesCubeService } from './sales/sales-cube.service';

/** Analytics endpoints (sales cube, contact compliance, competitors, channels, rep scorecard). */
@Module({
  controllers: [
    SalesCubeController,
    ContactComplianceController,
    CompetitorsController,
    ChannelsController,
    RepScorecardController,
  ],
  providers: [
    SalesCubeService,
    ContactComplianceService,
    CompetitorsService,
    ChannelsService,
    RepScorecardService,
  ],
})
export class AnalyticsModule {}
