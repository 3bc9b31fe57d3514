import { parentPort } from 'node:worker_threads';
import { loadFrameworkDocument, loadFrameworkText } from './framework-file';
import type { FrameworkParseReply, FrameworkParseRequest } from './framework-parser';

/**
 * The framework parser's worker thread (FrameworkParser): parses and validates one framework at a time, away from
 * the server's event loop. It says it is ready once its modules are loaded, so its time limit counts only the work.
 */
const port = parentPort!;
port.on('message', ({ id, source }: FrameworkParseRequest) => {
  let reply: FrameworkParseReply;
  try {
    const result = 'text' in source ? loadFrameworkText(source.text, source.fileName, source.mediaType) : loadFrameworkDocument(source.document);
    reply = { id, result };
  } catch (error) {
    reply = { id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
