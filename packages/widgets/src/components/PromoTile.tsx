import type { Promotion } from '@focal/sdk-core';

/** A CMS promotion as a carousel tile: same card boxes as an item. */
export function PromoTile({ promotion, onClick, imageWidth = 300, imageHeight = 300 }: { promotion: Promotion; onClick?: () => void; imageWidth?: number; imageHeight?: number }) {
  const { image, cta } = promotion;
  return (
    <a class="focal-Item focal-Item--promo" href={cta?.url ?? '#'} onClick={onClick}>
      {image
        ? <img class="focal-Item-image" src={image.url} alt={image.alt} width={image.width ?? imageWidth} height={image.height ?? imageHeight} loading="lazy" decoding="async" />
        : <span class="focal-Item-image" />}
      <span class="focal-Item-title">{promotion.title}</span>
      <span class="focal-Item-price">{cta?.label ?? ''}</span>
    </a>
  );
}
