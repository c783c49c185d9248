import type { MapInput } from '../../src/domain/mapInput';

export const B2B_MAP_ID = 'b2b';

/**
 * The second demo map: a business selling to businesses, where a lead takes a trial before it buys. Written as an
 * admin would send it to createLifecycleMap, and seeded through that use case.
 */
export const B2B_MAP_INPUT: MapInput = {
  id: B2B_MAP_ID,
  name: 'B2B with trial',
  stages: [
    { key: 'LEAD', name: 'Lead', description: 'Known to sales and marketing; no trial yet', ownerTeam: 'MARKETING' },
    { key: 'TRIAL', name: 'Trial', description: 'Trying the product for free', ownerTeam: 'TRAINING', staleAfterDays: 14 },
    { key: 'CUSTOMER', name: 'Customer', description: 'Pays for the product', ownerTeam: 'OPERATIONS' },
    { key: 'EXPANSION', name: 'Expansion', description: 'Buys more seats or plans; a reference account', ownerTeam: 'OPERATIONS' },
    { key: 'AT_RISK', name: 'At risk', description: 'Unhappy or quiet; needs a call', ownerTeam: 'OPERATIONS', offPath: true, staleAfterDays: 10 },
    { key: 'CHURNED', name: 'Churned', description: 'Cancelled; the reason is recorded', ownerTeam: 'MARKETING', offPath: true, reasonRequired: true },
  ],
  moves: [
    { from: 'LEAD', to: 'TRIAL' },
    { from: 'TRIAL', to: 'CUSTOMER' },
    { from: 'TRIAL', to: 'CHURNED' },
    { from: 'CUSTOMER', to: 'EXPANSION' },
    { from: 'EXPANSION', to: 'CUSTOMER' },
    { from: 'CUSTOMER', to: 'AT_RISK' },
    { from: 'EXPANSION', to: 'AT_RISK' },
    { from: 'AT_RISK', to: 'CUSTOMER' },
    { from: 'CUSTOMER', to: 'CHURNED' },
    { from: 'EXPANSION', to: 'CHURNED' },
    { from: 'AT_RISK', to: 'CHURNED' },
    { from: 'CHURNED', to: 'LEAD' },
  ],
  rules: [
    { id: 'trial-started', kind: 'ONBOARDING', fromStages: ['LEAD'], toStage: 'TRIAL', reason: 'Trial started' },
    { id: 'trial-converted', kind: 'PURCHASE', fromStages: ['TRIAL'], toStage: 'CUSTOMER', reason: 'Bought after the trial' },
    { id: 'low-score', band: 'LOW', fromStages: ['CUSTOMER', 'EXPANSION'], toStage: 'AT_RISK', reason: 'Satisfaction score of 6 or less' },
  ],
  bands: [
    { key: 'LOW', name: 'Low: a call this week', min: 1, max: 6 },
    { key: 'OK', name: 'Satisfied', min: 7, max: 8 },
    { key: 'HIGH', name: 'A reference account', min: 9, max: 10 },
  ],
  atRiskStage: 'AT_RISK',
  churnedStage: 'CHURNED',
  thankedStages: ['EXPANSION'],
  feedbackWithinDays: 14,
  attributionDays: 60,
};
