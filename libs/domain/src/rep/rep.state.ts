export interface RepProfile {
  name: string;
  region: string;
  managerId?: string;
}

export interface Territory {
  regions: string[];
  categories: string[];
  brands: string[];
}

/** What the rep rules need to know about one rep's past. */
export interface RepState {
  onboarded: boolean;
  repId: string | null;
  profile: RepProfile | null;
  /** Latest quota revision per period ("2024-03", "2024-Q1"); absent = never assigned. */
  quotaRevisions: ReadonlyMap<string, number>;
  /** The territory assigned last; null until one is. */
  territory: Territory | null;
}

export const initialRepState = (): RepState => ({
  onboarded: false,
  repId: null,
  profile: null,
  quotaRevisions: new Map<string, number>(),
  territory: null,
});
