import { cx } from './class-names.js';
import { Empty, Header, Unavailable, modeOf, renderItem, reserve, skeletons, texts } from './parts.js';
import type { ViewProps } from './types.js';

/** A labelled region with a list of items in a responsive grid; a skeleton of the same size while loading. */
export function Grid(props: ViewProps) {
  const t = texts(props);
  const mode = modeOf(props);
  const { classNames: c = {} } = props;
  if (mode === 'empty') return <Empty props={props} />;
  if (mode === 'error') return <Unavailable props={props} />;
  const slides = (mode === 'skeleton' ? skeletons(props) : props.state.items.map((item, i) => renderItem(props, item, i))).map((slide, i) => (
    <li key={i} class={cx('focal-Grid-item', c.item)}
      data-focal-pos={mode === 'items' ? i : undefined} data-focal-id={mode === 'items' ? props.state.items[i].id : undefined}>
      {slide}
    </li>
  ));
  const header = <Header props={props} />;
  return (
    <section class={cx(`focal-Placement focal-Grid${mode === 'skeleton' ? ' focal-Placement--loading' : ''}`, c.root)}
      aria-label={props.title ?? t.recommendations} aria-busy={mode === 'skeleton' ? 'true' : undefined} style={reserve(props, mode)}>
      {mode === 'skeleton' && <span class="focal-sr">{t.loading}</span>}
      {props.templates?.layout?.({ header, slides, state: props.state }) ?? (
        <>
          {header}
          <ul class={cx('focal-Grid-list', c.list)}>{slides}</ul>
        </>
      )}
    </section>
  );
}
