import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { RepEntity } from '@crm/read-models';
import { coversRegion, forbidden, principalOf } from '@crm/platform';

/**
 * Guards the routes about one rep (`:id`: quotas, scorecard): a rep reads their own figures, a
 * manager those of reps in their regions (the rep read model's region), an admin all. An unknown
 * rep passes: the route answers its 404.
 */
@Injectable()
export class RepReadGuard implements CanActivate {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { id?: string } }>>();
    const principal = principalOf(request);
    const repId = request.params.id;
    if (principal.role === 'admin' || repId === undefined) return true;
    if (principal.role === 'rep') {
      if (repId === principal.userId) return true;
      throw forbidden('NOT_YOUR_RECORD', 'A rep reads only their own quotas and scorecard');
    }
    const rep = await this.db.getRepository(RepEntity).findOneBy({ repId });
    if (rep && !coversRegion(principal, rep.region)) {
      throw forbidden('OUTSIDE_YOUR_REGION', 'The rep is not in one of your regions');
    }
    return true;
  }
}
