import { createContext } from 'react';
import type { ContentClient, RecommendClient } from '@focal/sdk-core';
import type { TrackerLike } from '../connectors/tracker.js';

/** What `<FocalProvider>` hands to every Focal component and hook below it. */
export interface FocalContextValue {
  client: RecommendClient;
  content?: ContentClient;
  tracker?: TrackerLike;
  locale?: string;
}

export const FocalContext = createContext<FocalContextValue | null>(null);
