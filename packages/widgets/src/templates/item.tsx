import type { ItemTemplateProps } from '../components/types.js';

/** The default item card: image (sized, lazy), title, price, optional "why" line. Same boxes as the skeleton. */
export function Item({ fields, showReason, imageWidth, imageHeight, debug, onClick }: ItemTemplateProps) {
  return (
    <a class="focal-Item" href={fields.href} onClick={onClick}>
      {fields.image
        ? <img class="focal-Item-image" src={fields.image} alt="" width={imageWidth} height={imageHeight} loading="lazy" decoding="async" />
        : <span class="focal-Item-image" />}
      <span class="focal-Item-title">{fields.title}</span>
      <span class="focal-Item-price">{fields.price}</span>
      {showReason && <span class="focal-Item-reason">{fields.reason ?? ''}</span>}
      {debug && <small class="focal-Item-debug">{debug}</small>}
    </a>
  );
}
