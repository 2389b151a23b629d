import { shopperOf } from './cache.js';
import { SCRIPT_TAG } from '../tracking/build.js';

/** How often the shopper is checked while a placement or promo slot is on screen (identify and reset, here or in another tab). */
const CHECK_MS = 1000;

/**
 * Follows the shopper a client's answers are for (`shopperOf`: anonymous id and user token), for the recommendation
 * and the content client alike (internal, not exported by the package). `check()` compares them with the ones last
 * seen (the first check only notes them) and, when they differ, calls `changed(signedIn)`: `signedIn` when the same
 * anonymous shopper, without a token before, now has one (their anonymous answers may stay until theirs arrive).
 * The first anonymous id after none at all (a tracker given later) is noted, not a change.
 * `watch` is the options of a state signal: while any such state is watched (on screen), `check` runs every second.
 * `stop()` ends that for good (dispose).
 */
export function followShopper(options: Parameters<typeof shopperOf>[0], changed: (signedIn: boolean) => void) {
  /** The shopper as last seen. */
  let shopper: string | undefined;
  /** States on screen (watched), and the check that runs while there are any. */
  let watched = 0;
  let poll: ReturnType<typeof setInterval> | undefined;
  let stopped = false;
  const check = () => {
    let now: string;
    if (SCRIPT_TAG) now = shopperOf(options);
    else {
      try {
        now = shopperOf(options);
      } catch {
        return; // a hook that throws: its requests fail (as they always did), nothing is checked
      }
    }
    const was = shopper ??= now;
    if (now === was) return;
    shopper = now;
    // Nobody known before (no anonymous id nor token: a React provider whose tracker came after its first render,
    // createFocal() in an effect), an anonymous id now: the same shopper, now known, not another one. What is shown
    // stays, and is not asked again. (The script tag's focal always has an anonymous id.)
    if (!SCRIPT_TAG && was == '\n' && now.endsWith('\n')) return;
    // the same anonymous id, no token before: the shopper signed in
    changed(was.endsWith('\n') && now.startsWith(was));
  };
  return {
    check,
    /** The shopper as last seen (`''` before the first check). */
    now: () => shopper ?? '',
    watch: {
      watched: () => { if (!watched++ && !stopped) poll = setInterval(check, CHECK_MS); },
      unwatched: () => { if (!--watched) clearInterval(poll); },
    },
    // (the script tag never disposes its clients)
    stop: SCRIPT_TAG ? undefined as never : () => { stopped = true; clearInterval(poll); },
  };
}
