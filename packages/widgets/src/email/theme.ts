import { EmailOptionsError } from './errors.js';
import type { EmailTheme } from './types.js';

/** A theme with every colour and font filled in. */
export interface ResolvedTheme {
  background: string;
  surface: string;
  text: string;
  muted: string;
  accent: string;
  accentText: string;
  fontFamily: string;
  headingFontFamily: string;
  radius: number;
  dark: { background: string; surface: string; text: string; muted: string; accent: string; accentText: string };
}

export const DEFAULT_THEME: ResolvedTheme = {
  background: '#f4f4f5',
  surface: '#ffffff',
  text: '#18181b',
  muted: '#52525b',
  accent: '#1d4ed8',
  accentText: '#ffffff',
  fontFamily: 'Arial, Helvetica, sans-serif',
  headingFontFamily: 'Arial, Helvetica, sans-serif',
  radius: 4,
  dark: { background: '#18181b', surface: '#27272a', text: '#f4f4f5', muted: '#a1a1aa', accent: '#60a5fa', accentText: '#0b1120' },
};

const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
/** Font stacks: names, commas, spaces, quotes, dashes. Nothing that could end a style attribute or a CSS rule. */
const FONT = /^[A-Za-z0-9 ,'"-]{1,200}$/;

function colour(value: unknown, field: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !HEX.test(value)) {
    throw new EmailOptionsError(field, `must be a hex colour like "#1d4ed8" or "#fff" (email clients drop named and rgb() colours unevenly); got ${JSON.stringify(value)}`);
  }
  return value.toLowerCase();
}

function font(value: unknown, field: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !FONT.test(value)) {
    throw new EmailOptionsError(field, `must be a font stack of names, commas and quotes, e.g. "Georgia, 'Times New Roman', serif"; got ${JSON.stringify(value)}`);
  }
  return value.replaceAll('"', "'");
}

/**
 * Fills in and checks a theme. Colours must be hex (they are inlined into `style` attributes and
 * VML `fillcolor`), fonts a plain font stack, the radius 0–24 px.
 * @throws EmailOptionsError naming the bad field.
 */
export function resolveTheme(theme: EmailTheme | undefined): ResolvedTheme {
  if (theme === undefined) return DEFAULT_THEME;
  if (theme === null || typeof theme !== 'object') throw new EmailOptionsError('theme', 'must be an object of colours and fonts');
  const d = DEFAULT_THEME;
  const fontFamily = font(theme.fontFamily, 'theme.fontFamily', d.fontFamily);
  const radius = theme.radius ?? d.radius;
  if (typeof radius !== 'number' || !Number.isInteger(radius) || radius < 0 || radius > 24) {
    throw new EmailOptionsError('theme.radius', `must be a whole number of pixels from 0 to 24; got ${JSON.stringify(radius)}`);
  }
  const dark = theme.dark ?? {};
  if (dark === null || typeof dark !== 'object') throw new EmailOptionsError('theme.dark', 'must be an object of colours');
  return {
    background: colour(theme.background, 'theme.background', d.background),
    surface: colour(theme.surface, 'theme.surface', d.surface),
    text: colour(theme.text, 'theme.text', d.text),
    muted: colour(theme.muted, 'theme.muted', d.muted),
    accent: colour(theme.accent, 'theme.accent', d.accent),
    accentText: colour(theme.accentText, 'theme.accentText', d.accentText),
    fontFamily,
    headingFontFamily: font(theme.headingFontFamily, 'theme.headingFontFamily', fontFamily),
    radius,
    dark: {
      background: colour(dark.background, 'theme.dark.background', d.dark.background),
      surface: colour(dark.surface, 'theme.dark.surface', d.dark.surface),
      text: colour(dark.text, 'theme.dark.text', d.dark.text),
      muted: colour(dark.muted, 'theme.dark.muted', d.dark.muted),
      accent: colour(dark.accent, 'theme.dark.accent', d.dark.accent),
      accentText: colour(dark.accentText, 'theme.dark.accentText', d.dark.accentText),
    },
  };
}
