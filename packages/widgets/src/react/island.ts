import { createElement, useEffect, useId, useRef, useState } from 'react';
import { h, type ComponentType } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { ViewProps } from '../components/types.js';
import { mountView, type PlacementWidgetOptions } from '../widgets/mount.js';
import { useFocal, useRecommendations } from './use-recommendations.js';

/**
 * Renders a Preact placement view inside React: the markup comes from `preact-render-to-string` with the
 * state the server had (`handle.initial`), identically on the server and while hydrating, so React never
 * sees a mismatch; after hydration the live Preact widget takes the node over (same DOM, then updates).
 */
export function PlacementIsland<P extends ViewProps>(View: ComponentType<P>, options: PlacementWidgetOptions & Record<string, unknown>) {
  const focal = useFocal();
  const { handle } = useRecommendations(options);
  const ref = useRef<HTMLDivElement>(null);
  const id = useFocalId(options.id);
  const latest = useRef(options);
  latest.current = { ...options, id };
  const [html] = useState(() => renderToString(h(View as ComponentType<ViewProps>, {
    slots: options.limit, locale: focal.locale, ...options, id, state: handle.initial, placement: options.placement,
  })));
  useEffect(() => {
    const widget = mountView(View, ref.current!, {
      locale: focal.locale, ...latest.current, client: focal.client, content: focal.content, tracker: focal.tracker,
    });
    return () => widget.unmount();
  }, [handle]);
  return createElement('div', { ref, className: 'focal-Island', dangerouslySetInnerHTML: { __html: html } });
}

/** The instance's id prefix: React's `useId` (the same on the server and while hydrating), unless one is given. */
export function useFocalId(given?: string): string {
  const generated = `focal-${useId().replace(/[^\w-]/g, '')}`;
  return given ?? generated;
}
