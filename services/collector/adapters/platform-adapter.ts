import type { SourceAdapter } from '../adapter';
import type {
  BlueskySourceConfig,
  FacebookSourceConfig,
  InstagramSourceConfig,
  MastodonSourceConfig,
  RedditSourceConfig,
  TelegramSourceConfig,
  XSourceConfig,
  YoutubeSourceConfig,
} from '../sources';
import { createBlueskyAdapter } from './bluesky';
import { createMastodonAdapter } from './mastodon';
import { createMetaAdapter } from './meta';
import type { PlatformDeps } from './platform-common';
import { createRedditAdapter } from './reddit';
import { createTelegramAdapter } from './telegram';
import { createXAdapter } from './x';
import { createYoutubeAdapter } from './youtube';

export type PlatformSourceConfig =
  | YoutubeSourceConfig
  | XSourceConfig
  | MastodonSourceConfig
  | BlueskySourceConfig
  | RedditSourceConfig
  | TelegramSourceConfig
  | FacebookSourceConfig
  | InstagramSourceConfig;

/** From a validated source entry to its adapter; only the env variable NAMES come from the file. */
export function createPlatformAdapter(source: PlatformSourceConfig, deps: PlatformDeps): SourceAdapter {
  const opt = <T>(value: T | undefined, key: string): Record<string, T> => (value === undefined ? {} : { [key]: value });
  switch (source.kind) {
    case 'youtube':
      return createYoutubeAdapter(
        {
          id: source.id,
          channelId: source.channelId,
          apiKeyEnv: source.apiKeyEnv,
          uploads: source.uploads,
          comments: source.comments,
          dailyQuotaUnits: source.dailyQuotaUnits,
          maxPages: source.maxPages,
          lookbackHours: source.lookbackHours,
          ...opt(source.videoIds, 'videoIds'),
          ...opt(source.apiBase, 'baseUrl'),
        },
        deps,
      );
    case 'x':
      return createXAdapter(
        {
          id: source.id,
          tokenEnv: source.tokenEnv,
          query: source.query,
          monthlyReadBudget: source.monthlyReadBudget,
          maxResults: source.maxResults,
          maxPages: source.maxPages,
          lookbackHours: source.lookbackHours,
          ...opt(source.apiBase, 'baseUrl'),
        },
        deps,
      );
    case 'mastodon':
      return createMastodonAdapter(
        {
          id: source.id,
          instance: source.instance,
          hashtag: source.hashtag,
          maxPages: source.maxPages,
          lookbackHours: source.lookbackHours,
          ...opt(source.any, 'any'),
          ...opt(source.tokenEnv, 'tokenEnv'),
        },
        deps,
      );
    case 'bluesky':
      return createBlueskyAdapter(
        {
          id: source.id,
          query: source.query,
          identifierEnv: source.identifierEnv,
          passwordEnv: source.passwordEnv,
          service: source.service,
          maxPages: source.maxPages,
          lookbackHours: source.lookbackHours,
          ...opt(source.lang, 'lang'),
          ...opt(source.appView, 'appView'),
        },
        deps,
      );
    case 'reddit':
      return createRedditAdapter(
        {
          id: source.id,
          subreddit: source.subreddit,
          query: source.query,
          clientIdEnv: source.clientIdEnv,
          clientSecretEnv: source.clientSecretEnv,
          maxPages: source.maxPages,
          lookbackHours: source.lookbackHours,
          ...opt(source.authUrl, 'authUrl'),
          ...opt(source.apiBase, 'apiBase'),
        },
        deps,
      );
    case 'telegram':
      return createTelegramAdapter({ id: source.id, channel: source.channel, maxPages: source.maxPages, ...opt(source.baseUrl, 'baseUrl') }, deps);
    case 'facebook':
    case 'instagram':
      return createMetaAdapter(
        {
          id: source.id,
          kind: source.kind,
          accountId: source.kind === 'facebook' ? source.pageId : source.igUserId,
          tokenEnv: source.tokenEnv,
          apiVersion: source.apiVersion,
          lookbackDays: source.lookbackDays,
          maxPosts: source.maxPosts,
          maxPages: source.maxPages,
          ...opt(source.graphBase, 'graphBase'),
        },
        deps,
      );
  }
}
