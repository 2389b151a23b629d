import type { ContentConfig } from './config.js';
import { createContentfulProvider } from './contentful-provider.js';
import { createLocalProvider } from './local-provider.js';
import type { ContentProvider } from './provider.js';
import { createStoryblokProvider } from './storyblok-provider.js';

/** The provider a content configuration names. */
export function createProvider(config: ContentConfig, fetchImpl?: typeof fetch): ContentProvider {
  switch (config.provider) {
    case 'contentful':
      return createContentfulProvider({ ...config.contentful!, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
    case 'storyblok':
      return createStoryblokProvider({ ...config.storyblok!, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
    default:
      return createLocalProvider(config.file ? { file: config.file } : {});
  }
}
