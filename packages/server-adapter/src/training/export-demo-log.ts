/**
 * Writes the demo history's product views as a session log (CSV: session_id,item_id,timestamp) to stdout, to run
 * `focal-adapter eval` on a held-out split of the demo history:
 *
 *   node --conditions=@focal/source --import tsx packages/server-adapter/src/training/export-demo-log.ts > /tmp/demo-views.csv
 */
import { generateDemoData } from '../demo/index.js';

const sessions = Number(process.argv[2] ?? 20000);
const { events } = generateDemoData({ sessions });
const lines = ['session_id,item_id,timestamp'];
for (const e of events) if (e.type === 'product_view') lines.push(`${e.sessionId},${e.properties.productId},${e.createdAt}`);
process.stdout.write(`${lines.join('\n')}\n`);
