import { Module } from '@nestjs/common';
import { WhatIfController } from './whatif.controller';
import { WhatIfService } from './whatif.service';

/** What-if segmentation: start, progress, compare, movers, promote, rollback, drop. */
@Module({ controllers: [WhatIfController], providers: [WhatIfService], exports: [WhatIfService] })
export class WhatIfModule {}
