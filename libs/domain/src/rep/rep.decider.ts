import type { CategoryTarget, QuotaAssigned, RepEvent, RepOnboarded, TerritoryAssigned } from '@crm/events';
import { assertNever } from '../shared/assert-never';
import type { Decider } from '../shared/decider';
import { conflict, invalid, notFound } from '../shared/domain-error';
import { canonicalMoney, isPositiveMoney } from '../shared/money';
import {
  compact,
  optionalId,
  requireId,
  requirePositiveInteger,
  requireText,
  requireTimestamp,
  textList,
} from '../shared/validation';
import { isQuotaPeriod } from './quota-period';
import type { AssignQuota, AssignTerritory, OnboardRep, RepCommand } from './rep.commands';
import { initialRepState, type RepState } from './rep.state';

export { initialRepState };

/**
 * Decides what a rep command records. Input is validated first (invalid), then the rep's
 * history is consulted (not_found, conflict). Target amounts in events are canonical Money.
 */
export const decideRep = (command: RepCommand, state: RepState): RepEvent[] => {
  switch (command.type) {
    case 'OnboardRep':
      return [onboardRep(command, state)];
    case 'AssignQuota':
      return [assignQuota(command, state)];
    case 'AssignTerritory':
      return [assignTerritory(command, state)];
    default:
      return assertNever(command);
  }
};

export const evolveRep = (state: RepState, event: RepEvent): RepState => {
  switch (event.type) {
    case 'RepOnboarded': {
      const { repId, name, region, managerId } = event.data;
      return { ...state, onboarded: true, repId, profile: compact({ name, region, managerId }) };
    }
    case 'QuotaAssigned':
      return {
        ...state,
        quotaRevisions: new Map(state.quotaRevisions).set(event.data.period, event.data.revision),
      };
    case 'TerritoryAssigned': {
      const { regions, categories, brands } = event.data;
      return { ...state, territory: { regions, categories, brands } };
    }
    default:
      return assertNever(event);
  }
};

export const repDecider: Decider<RepCommand, RepEvent, RepState> = {
  initialState: initialRepState,
  decide: decideRep,
  evolve: evolveRep,
};

const onboardRep = (command: OnboardRep, state: RepState): RepOnboarded => {
  const data: RepOnboarded['data'] = compact({
    repId: requireId(command.repId, 'repId'),
    name: requireText(command.name, 'name'),
    region: requireText(command.region, 'region'),
    managerId: optionalId(command.managerId, 'managerId'),
    onboardedAt: requireTimestamp(command.onboardedAt, 'onboardedAt'),
  });
  if (state.onboarded) {
    throw conflict('REP_ALREADY_ONBOARDED', `Rep ${data.repId} is already onboarded`);
  }
  return { type: 'RepOnboarded', data };
};

const assignQuota = (command: AssignQuota, state: RepState): QuotaAssigned => {
  const repId = requireId(command.repId, 'repId');
  const period = command.period;
  if (!isQuotaPeriod(period)) {
    throw invalid('INVALID_PERIOD', 'period must be YYYY-MM (01–12) or YYYY-Q1 … YYYY-Q4', 'period');
  }
  const targetAmount = positiveMoney(command.targetAmount, 'targetAmount');
  const targetVolume = requirePositiveInteger(command.targetVolume, 'targetVolume');
  const categoryTargets = validCategoryTargets(command.categoryTargets ?? []);

  requireOnboarded(state, repId);
  const current = state.quotaRevisions.get(period);
  if (command.correction === true && current === undefined) {
    throw conflict(
      'QUOTA_NOT_ASSIGNED',
      `No quota was assigned to rep ${repId} for ${period}, so there is nothing to correct`,
    );
  }
  if (command.correction !== true && current !== undefined) {
    throw conflict(
      'QUOTA_PERIOD_ALREADY_ASSIGNED',
      `Rep ${repId} already has a quota for ${period}; send a correction to supersede it`,
    );
  }
  return {
    type: 'QuotaAssigned',
    data: {
      repId,
      period,
      targetAmount,
      targetVolume,
      categoryTargets,
      revision: (current ?? 0) + 1,
    },
  };
};

/** Replaces the rep's territory: at least one region; every list trimmed and de-duplicated. */
const assignTerritory = (command: AssignTerritory, state: RepState): TerritoryAssigned => {
  const repId = requireId(command.repId, 'repId');
  const regions = textList(command.regions, 'regions');
  if (regions.length === 0) {
    throw invalid('EMPTY_TERRITORY', 'A territory needs at least one region', 'regions');
  }
  const data: TerritoryAssigned['data'] = {
    repId,
    regions,
    categories: textList(command.categories, 'categories'),
    brands: textList(command.brands, 'brands'),
    assignedAt: requireTimestamp(command.assignedAt, 'assignedAt'),
  };
  requireOnboarded(state, repId);
  return { type: 'TerritoryAssigned', data };
};

const requireOnboarded = (state: RepState, repId: string): void => {
  if (!state.onboarded) throw notFound('REP_NOT_FOUND', `Rep ${repId} is not onboarded`);
  if (state.repId !== repId) {
    throw invalid(
      'REP_ID_MISMATCH',
      `Command for rep ${repId} was decided against rep ${String(state.repId)}`,
      'repId',
    );
  }
};

const validCategoryTargets = (targets: CategoryTarget[]): CategoryTarget[] => {
  if (!Array.isArray(targets)) {
    throw invalid('INVALID_VALUE', 'categoryTargets must be a list', 'categoryTargets');
  }
  const seen = new Set<string>();
  return targets.map((target, index) => {
    const path = `categoryTargets[${index}]`;
    if (typeof target !== 'object' || target === null) {
      throw invalid('INVALID_VALUE', `${path} must be a category target`, path);
    }
    const category = requireText(target.category, `${path}.category`);
    if (seen.has(category)) {
      throw invalid(
        'DUPLICATE_CATEGORY',
        `Category ${category} has more than one target`,
        `${path}.category`,
      );
    }
    seen.add(category);
    return {
      category,
      targetAmount: positiveMoney(target.targetAmount, `${path}.targetAmount`),
      targetVolume: requirePositiveInteger(target.targetVolume, `${path}.targetVolume`),
    };
  });
};

const positiveMoney = (value: unknown, field: string): string => {
  const money = canonicalMoney(value, field);
  if (!isPositiveMoney(money)) {
    throw invalid('NOT_POSITIVE', `${field} must be greater than zero`, field);
  }
  return money;
};
