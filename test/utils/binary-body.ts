/** A supertest parser that keeps a response's body as its bytes (a workbook, a PDF): `.buffer(true).parse(binaryBody)`. */
export function binaryBody(res: NodeJS.EventEmitter, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
