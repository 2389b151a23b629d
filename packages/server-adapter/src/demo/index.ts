export {
  generateDemoData, DEFAULT_DEMO_NOW, DEFAULT_DEMO_PRODUCTS, DEFAULT_DEMO_SEED, DEFAULT_DEMO_SESSIONS, DEMO_HISTORY_DAYS,
  type DemoData, type DemoOptions,
} from './generate.js';
export { demoPromotions } from './promotions.js';
export { DEMO_PLACEMENTS, demoArm } from './placements.js';
