/**
 * Watches the slides under `root` and calls `onSeen(el)` once an element has been at least 50 % visible for
 * `dwellMs` without interruption. Slides carry `data-focal-id` (items) or `data-focal-promo` (promotions);
 * when a visible slide's content changes (a rerank), its clock restarts for the new content, also after its previous
 * content was reported (`sync()` after each render notices it); `restart()` (a new answer in the same slides)
 * restarts the clocks of every slide in view.
 * Time in a background tab does not count. Deduplication (once per placement, answer and item, also across mounts
 * and layouts) is the connector's job. Without IntersectionObserver nothing is reported.
 */
export function observeImpressions(root: Element, onSeen: (el: HTMLElement) => void, dwellMs = 1000) {
  const timers = new Map<Element, ReturnType<typeof setTimeout>>();
  // slides ≥ 50 % in view now, and the content last reported per slide
  const inView = new Set<HTMLElement>();
  const reported = new WeakMap<Element, string>();
  const keyOf = (el: HTMLElement) => el.dataset.focalId ?? el.dataset.focalPromo;
  const stop = (el: Element) => { clearTimeout(timers.get(el)); timers.delete(el); };
  const start = (el: HTMLElement) => {
    const key = keyOf(el);
    timers.set(el, setTimeout(() => {
      if (!el.isConnected) return stop(el);
      // Content changed under a visible slide (a rerank), or the tab is in the background: the clock restarts.
      if (keyOf(el) !== key || document.visibilityState === 'hidden') return start(el);
      timers.delete(el);
      if (key) { reported.set(el, key); onSeen(el); }
    }, dwellMs));
  };
  const io = typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const el = entry.target as HTMLElement;
        if (entry.isIntersecting && entry.intersectionRatio >= 0.5) {
          inView.add(el);
          if (!timers.has(el)) start(el);
        } else { inView.delete(el); stop(el); }
      }
    }, { threshold: 0.5 })
    : undefined;
  /**
   * Starts watching slides rendered since the last call (observing a slide twice is a no-op); a slide in view whose
   * content changed since it was reported (a rerank moved another item into it) starts its clock for the new content.
   */
  const sync = () => {
    root.querySelectorAll('[data-focal-id],[data-focal-promo]').forEach((el) => io?.observe(el));
    inView.forEach((el) => { if (!el.isConnected) inView.delete(el); else if (!timers.has(el) && keyOf(el) !== reported.get(el)) start(el); });
  };
  const disconnect = () => {
    io?.disconnect();
    inView.clear();
    timers.forEach(clearTimeout);
    timers.clear();
  };
  return {
    sync,
    disconnect,
    /** A new answer is shown in the same slides: all are watched afresh (the observer reports those in view again). */
    restart() {
      disconnect();
      sync();
    },
  };
}
