/** The `focal-adapter` command (bin/focal-adapter.js imports the built dist/cli.js). */
import { main } from './cli/main.js';

process.exitCode = await main(process.argv.slice(2));
