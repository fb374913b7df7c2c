/**
 * tagTopics, tagRegions, tagOfficials: dictionary matching from lib/domain (the same
 * dictionaries the query language and the UI use), on title + text.
 */
import { ok, type StepResult } from '../../../lib/result';
import { matchOfficials } from '../../../lib/domain/officials';
import { matchRegions } from '../../../lib/domain/regions';
import { matchTopics } from '../../../lib/domain/topics';
import { contentTokens, type TextInput } from './content';

export function createTopicsStep() {
  return function tagTopics<T extends TextInput>(input: T): StepResult<T & { topics: string[] }> {
    return ok({ ...input, topics: matchTopics(contentTokens(input)) });
  };
}

export function createRegionsStep() {
  return function tagRegions<T extends TextInput>(input: T): StepResult<T & { regions: string[] }> {
    return ok({ ...input, regions: matchRegions(contentTokens(input)) });
  };
}

export function createOfficialsStep() {
  return function tagOfficials<T extends TextInput>(input: T): StepResult<T & { officials: string[] }> {
    return ok({ ...input, officials: matchOfficials(contentTokens(input)) });
  };
}
