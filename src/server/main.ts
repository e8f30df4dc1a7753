/**
 * The language server's process entry: IPC when started by VS Code, or stdio (`gomod-doctor lsp --stdio`).
 */
import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  connection.onInitialize(() => ({
    capabilities: { textDocumentSync: { openClose: true, change: 2, save: true } },
    serverInfo: { name: 'gomod-doctor' },
  }));
  documents.listen(connection);
  connection.listen();
}

startServer();
