// Bundled with esbuild by the browser tests: the ESM API on `window.F`, as a bundler user would import it.
import { createContentClient, createRecommendClient } from '../../../sdk-core/src/recommend/index.js';
import { mountBundle, mountCarousel, mountGrid, mountPromo } from '../../src/index.js';

(window as unknown as { F: unknown }).F = { createRecommendClient, createContentClient, mountCarousel, mountGrid, mountBundle, mountPromo };
