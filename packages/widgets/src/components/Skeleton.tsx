/** A placeholder with the exact boxes of an item card, so the real items replace it without moving anything. */
export function Skeleton({ showReason }: { showReason?: boolean }) {
  return (
    <span class="focal-Item focal-Item--skeleton" aria-hidden="true">
      <span class="focal-Item-image" />
      <span class="focal-Item-title" />
      <span class="focal-Item-price" />
      {showReason && <span class="focal-Item-reason" />}
    </span>
  );
}
