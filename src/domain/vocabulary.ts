/** The fixed vocabulary of DOMAIN.md: who, how and what of a touchpoint. */
export const TEAMS = ['MARKETING', 'TRAINING', 'OPERATIONS'] as const;
export type Team = (typeof TEAMS)[number];

export const CHANNELS = ['EMAIL', 'PHONE', 'CHAT', 'IN_PERSON', 'WEB', 'SOCIAL', 'SMS'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TOUCHPOINT_KINDS = [
  'CAMPAIGN',
  'PURCHASE',
  'ONBOARDING',
  'TRAINING',
  'SERVICE_DELIVERY',
  'SUPPORT_REQUEST',
  'COMPLAINT',
  'FEEDBACK',
  'GRATITUDE',
  'REFERRAL',
  'RENEWAL',
] as const;
export type TouchpointKind = (typeof TOUCHPOINT_KINDS)[number];
