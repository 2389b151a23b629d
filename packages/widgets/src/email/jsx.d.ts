import 'preact';

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      /** Wrapper for raw markup, removed after rendering (see `raw.ts`). */
      'focal-raw': { dangerouslySetInnerHTML: { __html: string } };
    }
  }
}
