/**
 * The worker's `workflowsPath`: every function exported here becomes a runnable workflow type, so this
 * module exports workflow functions and nothing else. Definitions clients need live in messages.ts.
 */
export { exchangeRound } from './round.workflow';
export { delegationDeliverables } from './delegation.workflow';
