/**
 * The language server's process entry: IPC when started by VS Code, stdio for other editors
 * (`gomod-doctor lsp --stdio`); vscode-languageserver picks the transport from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { serverOnlyEnvRemoved } from '../shared/serverExecArgv.ts';
import { createServer } from './server.ts';

// glibc has read MALLOC_ARENA_MAX and MALLOC_TRIM_THRESHOLD_ by now; go and git must not inherit them.
serverOnlyEnvRemoved(process.env);

createServer(createConnection(ProposedFeatures.all));
