import { SetMetadata } from '@nestjs/common';
import type { UserRole } from './principal';

export const IS_PUBLIC = 'crm:auth:public';
export const ALLOWED_ROLES = 'crm:auth:roles';

/** Reachable without a token (health, metrics). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the handler (or every handler of the controller); others get 403. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ALLOWED_ROLES, roles);
