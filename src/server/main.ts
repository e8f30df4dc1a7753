/**
 * The language server's process entry: IPC when started by VS Code, stdio for other editors
 * (`gomod-doctor lsp --stdio`); vscode-languageserver picks the transport from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from './server.ts';

createServer(createConnection(ProposedFeatures.all));
