import { createElement, useEffect, useId, useRef, useState } from 'react';
import { h, type ComponentType } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PlacementState } from '@focal/sdk-core';
import type { MountedWidget, PlacementWidgetOptions } from '../widgets/mount.js';
import { useFocal, usePlacementHandle } from './use-recommendations.js';

/** The instance's id prefix: React's `useId` (the same on the server and while hydrating), unless one is given. */
export function useFocalId(given?: string): string {
  const generated = `focal-${useId().replace(/[^\w-]/g, '')}`;
  return given ?? generated;
}

/**
 * Renders a Preact placement widget inside React. The markup comes from `preact-render-to-string` with the state
 * the server had (`handle.initial`), identically on the server and while hydrating, so React never sees a
 * mismatch; after hydration the live widget (`mount`) takes the node over (same DOM, then updates).
 * Presentation props re-render the live widget on every React render (`update`, no request); the request
 * (placement, items, limit: the handle), `promoSlot` or, with one, `locale` changing mounts it afresh, which fetches once.
 */
export function useIsland<O extends PlacementWidgetOptions>(
  View: ComponentType<never>, mount: (el: Element, options: O) => MountedWidget, props: Omit<O, 'client'>,
  initial: (state: PlacementState) => Record<string, unknown> = () => ({}),
) {
  const focal = useFocal();
  if (props.promoSlot && !focal.content) {
    throw new Error('focal: promoSlot needs a content client: give <FocalProvider> content={createContentClient(…)} or endpoint="…" and siteKey="…".');
  }
  const handle = usePlacementHandle(props);
  // (`locale={undefined}`, passed on from a parent without one, is the provider's: not 'en' on the server and the
  // page's <html lang> in the live widget)
  const options = { ...props, locale: props.locale ?? focal.locale, id: useFocalId(props.id), client: focal.client, content: focal.content, tracker: focal.tracker } as O;
  const ref = useRef<HTMLDivElement>(null);
  const widget = useRef<MountedWidget>(undefined);
  const [html] = useState(() => renderToString(h(View as ComponentType<Record<string, unknown>>, {
    slots: props.limit, ...options, ...initial(handle.initial), state: handle.initial,
  } as unknown as Record<string, unknown>)));
  useEffect(() => {
    const mounted = widget.current = mount(ref.current!, options);
    return () => mounted.unmount();
    // a new content client (the provider's endpoint or siteKey changed) shows the promo tiles of its store, a new
    // locale its promotions in that language
  }, [handle, View, props.promoSlot, props.promoSlot && focal.content, props.promoSlot && options.locale]); // eslint-disable-line react-hooks/exhaustive-deps -- the rest goes through update
  useEffect(() => widget.current?.update(options));
  return createElement('div', { ref, className: 'focal-Island', dangerouslySetInnerHTML: { __html: html } });
}
