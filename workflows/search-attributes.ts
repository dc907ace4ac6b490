/**
 * The custom search attributes a round publishes, so rounds can be listed by phase. Search attributes
 * are stored unencrypted: they hold codes only (phase, community, country), never personal data.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const RoundPhaseKey = defineSearchAttributeKey('RoundPhase', SearchAttributeType.KEYWORD);
export const CommunityKey = defineSearchAttributeKey('Community', SearchAttributeType.KEYWORD);
export const HostCountryKey = defineSearchAttributeKey('HostCountry', SearchAttributeType.KEYWORD);

/** Registered on the dev server at start (`--search-attribute`) and in tests. */
export const ROUND_SEARCH_ATTRIBUTES = [RoundPhaseKey, CommunityKey, HostCountryKey];
