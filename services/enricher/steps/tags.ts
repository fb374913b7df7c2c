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
    const post = input as T & { topics: string[] }; // extended in place (see step.ts)
    post.topics = matchTopics(contentTokens(input));
    return ok(post);
  };
}

export function createRegionsStep() {
  return function tagRegions<T extends TextInput>(input: T): StepResult<T & { regions: string[] }> {
    const post = input as T & { regions: string[] }; // extended in place (see step.ts)
    post.regions = matchRegions(contentTokens(input));
    return ok(post);
  };
}

export function createOfficialsStep() {
  return function tagOfficials<T extends TextInput>(input: T): StepResult<T & { officials: string[] }> {
    const post = input as T & { officials: string[] }; // extended in place (see step.ts)
    post.officials = matchOfficials(contentTokens(input));
    return ok(post);
  };
}
