import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/** What the server uses of a PGlite (structural: the package's ESM and CommonJS typings name two PGlite classes). */
export type WireBackend = Pick<PGlite, 'runExclusive' | 'execProtocolRawStream' | 'execProtocolRaw' | 'isInTransaction' | 'query' | 'exec'>;

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const COPY_FROM_STDIN = /^\s*(COPY\s+[\s\S]+?)\s+FROM\s+STDIN\s*;?\s*$/i;

/**
 * How long a connection idle inside its transaction keeps the backend from the others before another connection's
 * statement runs inside that transaction. The code of a transaction that awaits a query on another connection of the
 * pool would otherwise wait for ever, on one backend: a read through the DataSource rather than the transaction's
 * manager (ConflictsService.add), a job's progress mirrored into its row (JobLifecycle.progress, inside the system
 * values import's transaction). Such a statement sees the transaction's rows, and a write is undone with it if it
 * rolls back: so a write waits longer, as a transaction busy in JavaScript between two statements is the more likely
 * owner. A statement that opens or ends a transaction is never let in.
 */
const GUEST_READ_AFTER_MS = 50;
const GUEST_WRITE_AFTER_MS = 250;
/**
 * A guest's statement runs in this savepoint: a statement refused (a constraint, a trigger such as the frozen
 * publications') would otherwise abort the owner's transaction, which the owner never sees coming.
 */
const GUEST_SAVEPOINT = 'dti_embedded_guest';
const READ_ONLY = /^\s*(SELECT|SHOW)\b/i;
const TRANSACTION_CONTROL = /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE\s+TRANSACTION)\b/i;
/**
 * The statements that can make a transaction (or the one session) read only. A guest's write runs inside the owner's
 * transaction, where READ ONLY would refuse it ("cannot execute UPDATE in a read-only transaction"): a save during
 * an export's snapshot, or the export's own progress mirrored into its row. The server runs them READ WRITE; the
 * mark is a guard of the code that sets it, which reads the same either way.
 */
const SETS_ACCESS_MODE = /^\s*(BEGIN|START\s+TRANSACTION|SET\s+TRANSACTION|SET\s+SESSION\s+CHARACTERISTICS\s+AS\s+TRANSACTION)\b/i;
const READ_ONLY_MODE = /\bREAD\s+ONLY\b/gi;

/**
 * Serves one PGlite on a loopback port with the PostgreSQL wire protocol, so that pg, TypeORM and pg-copy-streams
 * connect to it as to any server. PGlite is a single backend (one session): this server lets several connections
 * (each pool's, the worker's, an export child's) share it by giving the backend to one connection from its first
 * message until the backend is idle again (ReadyForQuery 'I'), so that a transaction, or an extended query's
 * Parse/Bind/Execute, never interleaves with another connection's messages; the one exception is another
 * connection's statement in a transaction left idle (GUEST_READ_AFTER_MS, GUEST_WRITE_AFTER_MS). @electric-sql/pglite-socket queues per message instead:
 * two pools' unnamed statements interleave there, a read awaited inside a transaction waits for ever, and it cannot
 * take COPY FROM STDIN, which this server reads itself and hands to PGlite as a blob (PGlite's own COPY FROM).
 */
export class EmbeddedWireServer {
  private readonly server: Server;
  private owner: Connection | null = null;
  /** When the owner's last reply left it idle in its transaction (null: busy, or none). */
  private ownerIdleSince: number | null = null;
  private guest: Connection | null = null;
  /** Whether the guest's statement runs in a savepoint of its own (GUEST_SAVEPOINT). */
  private guestSavepoint = false;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly db: WireBackend) {
    this.server = createServer((socket) => new Connection(this, socket));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Ends the open connections (their transactions roll back), so that close() returns. */
  closeConnections(): void {
    (this.server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
  }

  /** Waits until the backend is this connection's, or it may run this message in the owner's idle transaction. */
  async acquire(connection: Connection, message: Buffer): Promise<void> {
    for (;;) {
      if (this.guest === connection) return;
      if (this.owner === null) {
        this.owner = connection;
        this.ownerIdleSince = null;
      }
      if (this.owner === connection && this.guest === null) {
        this.ownerIdleSince = null;
        return;
      }
      const idleFor = this.ownerIdleSince === null ? null : Date.now() - this.ownerIdleSince;
      const after = this.owner !== connection && this.guest === null && idleFor !== null ? guestAfterMs(message) : null;
      if (after !== null && idleFor !== null) {
        if (idleFor >= after) {
          this.guest = connection;
          this.guestSavepoint = await this.db.exec(`SAVEPOINT ${GUEST_SAVEPOINT}`).then(
            () => true,
            () => false, // the owner's transaction has already failed: so will the guest's statement
          );
          return;
        }
        await this.turn(after - idleFor);
      } else {
        await this.turn();
      }
    }
  }

  /** After a message's reply: `status` is its ReadyForQuery's, or null when it had none (an extended query's part). */
  async replied(connection: Connection, status: string | null): Promise<void> {
    if (status === null) return;
    if (this.guest === connection) {
      // A guest's failed statement is undone alone; the owner's transaction goes on as if it had not been there.
      if (this.guestSavepoint) {
        const undo = status === 'E' ? `ROLLBACK TO SAVEPOINT ${GUEST_SAVEPOINT}; ` : '';
        await this.db.exec(`${undo}RELEASE SAVEPOINT ${GUEST_SAVEPOINT}`).catch(() => undefined);
      }
      this.guest = null;
    } else if (this.owner === connection && status === 'I') this.owner = null;
    else if (this.owner === connection) this.ownerIdleSince = Date.now();
    this.wake();
  }

  /** A connection gone: whatever it held is free. */
  left(connection: Connection): void {
    if (this.guest === connection) this.guest = null;
    if (this.owner === connection) this.owner = null;
    this.wake();
  }

  isOwner(connection: Connection): boolean {
    return this.owner === connection;
  }

  private turn(ms?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (ms !== undefined) setTimeout(resolve, ms);
    });
  }

  private wake(): void {
    // Every waiter looks again; the first to run takes the backend.
    for (const wake of this.waiting.splice(0)) wake();
  }
}

/**
 * How long the owner must have been idle in its transaction before this message of another connection runs in it:
 * a new connection's startup or a read, GUEST_READ_AFTER_MS; another statement, GUEST_WRITE_AFTER_MS; a statement that
 * opens or ends a transaction (or any other message that starts no statement), never (null).
 */
function guestAfterMs(message: Buffer): number | null {
  if (message[0] === 0) return GUEST_READ_AFTER_MS; // a startup message: its length's first byte
  const type = String.fromCharCode(message[0]);
  let sql: string;
  if (type === 'Q') sql = message.subarray(5, message.length - 1).toString('utf8');
  else if (type === 'P') {
    const nameEnd = message.indexOf(0, 5);
    sql = message.subarray(nameEnd + 1, message.indexOf(0, nameEnd + 1)).toString('utf8');
  } else return null;
  if (TRANSACTION_CONTROL.test(sql)) return null;
  return READ_ONLY.test(sql) ? GUEST_READ_AFTER_MS : GUEST_WRITE_AFTER_MS;
}

class Connection {
  private buffer = Buffer.alloc(0);
  private started = false;
  private work: Promise<void> = Promise.resolve();
  private copy: { sql: string; chunks: Buffer[] } | null = null;
  private closed = false;

  constructor(
    private readonly server: EmbeddedWireServer,
    private readonly socket: Socket,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data) => this.receive(data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.closed = true;
      this.work = this.work.then(() => this.abandon());
    });
  }

  private receive(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const message = this.nextMessage();
      if (!message) return;
      // Messages run in order, one at a time per connection.
      this.work = this.work.then(() => this.handle(message)).catch(() => void this.socket.destroy());
    }
  }

  private nextMessage(): Buffer | null {
    if (!this.started) {
      if (this.buffer.length < 8) return null;
      const length = this.buffer.readInt32BE(0);
      if (this.buffer.length < length) return null;
      const message = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      return message;
    }
    if (this.buffer.length < 5) return null;
    const length = 1 + this.buffer.readInt32BE(1);
    if (this.buffer.length < length) return null;
    const message = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return message;
  }

  private async handle(message: Buffer): Promise<void> {
    if (this.closed) return;
    if (!this.started) {
      const code = message.readInt32BE(4);
      if (code === SSL_REQUEST) return void this.socket.write('N');
      // PGlite has no other backend to signal: a cancel is dropped, as pglite-socket does.
      if (code === CANCEL_REQUEST) return void this.socket.end();
      if (code !== PROTOCOL_3) return void this.socket.end();
      this.started = true;
    }
    const type = String.fromCharCode(message[0]);
    if (this.copy) return this.copyMessage(type, message);
    if (type === 'X') return void this.socket.end();
    await this.server.acquire(this, message);
    if (type === 'Q') {
      const sql = message.subarray(5, message.length - 1).toString('utf8');
      const copy = COPY_FROM_STDIN.exec(sql);
      if (copy) return this.startCopy(copy[1]);
      const writable = SETS_ACCESS_MODE.test(sql) ? sql.replace(READ_ONLY_MODE, 'READ WRITE') : sql;
      if (writable !== sql) return this.run(frame('Q', cString(writable)));
    }
    await this.run(message);
  }

  /** One message to PGlite; its reply to the client; the backend freed once it is idle outside a transaction. */
  private async run(message: Buffer): Promise<void> {
    let tail = Buffer.alloc(0);
    await this.server.db.runExclusive(() =>
      this.server.db.execProtocolRawStream(new Uint8Array(message), {
        onRawData: (data) => {
          const chunk = Buffer.from(data);
          if (!this.closed) this.socket.write(chunk);
          tail = Buffer.concat([tail, chunk]).subarray(-6);
        },
      }),
    );
    const readyForQuery = tail.length === 6 && tail[0] === 0x5a && tail.readInt32BE(1) === 5;
    await this.server.replied(this, readyForQuery ? String.fromCharCode(tail[5]) : null);
  }

  private startCopy(sql: string): void {
    this.copy = { sql, chunks: [] };
    const columns = /\(([^)]*)\)\s*$/.exec(sql)?.[1].split(',').length ?? 0;
    const body = Buffer.alloc(3 + 2 * columns);
    body.writeInt16BE(columns, 1);
    this.socket.write(frame('G', body));
  }

  private async copyMessage(type: string, message: Buffer): Promise<void> {
    const copy = this.copy!;
    if (type === 'd') copy.chunks.push(Buffer.from(message.subarray(5)));
    if (type !== 'c' && type !== 'f') return;
    this.copy = null;
    const wasInTransaction = this.server.db.isInTransaction();
    try {
      if (type === 'f') throw Object.assign(new Error(`COPY from stdin failed: ${message.subarray(5, -1).toString('utf8')}`), { code: '57014' });
      const result = await this.server.db.query(`${copy.sql} FROM '/dev/blob'`, [], { blob: new Blob(copy.chunks) });
      const status = this.server.db.isInTransaction() ? 'T' : 'I';
      this.socket.write(frame('C', cString(`COPY ${result.affectedRows ?? 0}`)));
      this.socket.write(readyForQuery(status));
      await this.server.replied(this, status);
    } catch (error) {
      const { message: text, code } = error as { message: string; code?: string };
      const status = wasInTransaction ? 'E' : 'I';
      this.socket.write(frame('E', Buffer.concat([cString('SERROR'), cString(`C${code ?? 'XX000'}`), cString(`M${text}`), Buffer.alloc(1)])));
      this.socket.write(readyForQuery(status));
      await this.server.replied(this, status);
    }
  }

  /** A connection gone while it held the backend: its extended query ended and its transaction rolled back. */
  private async abandon(): Promise<void> {
    if (!this.server.isOwner(this)) return this.server.left(this);
    try {
      await this.server.db.runExclusive(() => this.server.db.execProtocolRaw(new Uint8Array(frame('S', Buffer.alloc(0)))));
      if (this.server.db.isInTransaction()) await this.server.db.exec('ROLLBACK');
    } finally {
      this.server.left(this);
    }
  }
}

function frame(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

function cString(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.alloc(1)]);
}

function readyForQuery(status: 'I' | 'T' | 'E'): Buffer {
  return frame('Z', Buffer.from(status, 'latin1'));
}
