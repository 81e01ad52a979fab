/**
 * One long-lived `git cat-file --batch` process serving any number of blob reads. Requests are
 * pipelined (written at once, answered in order), so thousands of small label files cost one
 * process, not thousands.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

interface Pending {
  name: string;
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
}

export class CatFile {
  private proc: ChildProcessWithoutNullStreams | undefined;
  private queue: Pending[] = [];
  private head = 0;
  /** partial header line */
  private headerBuf: Buffer = Buffer.alloc(0);
  /** body being filled: size + 1 (trailing LF) */
  private body: { out: Buffer; filled: number; size: number; req: Pending } | undefined;
  private failed: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly repo: string) {}

  private start(): ChildProcessWithoutNullStreams {
    if (this.proc) return this.proc;
    const p = spawn('git', ['cat-file', '--batch'], { cwd: this.repo, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    let stderr = '';
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
    p.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    p.stdin.on('error', () => undefined); // reported through 'close'
    const fail = (why: string) => {
      this.failed = new Error(`git cat-file --batch in ${this.repo} ${why}${stderr ? `: ${stderr.trim()}` : ''}`);
      for (let i = this.head; i < this.queue.length; i++) this.queue[i]!.reject(this.failed);
      this.body?.req.reject(this.failed);
      this.body = undefined;
      this.queue = [];
      this.head = 0;
    };
    p.on('error', (e) => fail(`could not start (${e.message})`));
    p.on('close', (code) => {
      if (this.head < this.queue.length || this.body) fail(`exited with code ${code}`);
      else if (!this.closing) this.failed = new Error(`git cat-file --batch in ${this.repo} exited`);
    });
    this.proc = p;
    return p;
  }

  /** Bytes of the object `name` (a SHA, or any `<rev>:<path>` git understands). */
  read(name: string): Promise<Buffer> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closing) return Promise.reject(new Error('cat-file reader is closed'));
    if (/[\n\r]/.test(name)) return Promise.reject(new Error(`object name holds a line break: ${JSON.stringify(name)}`));
    const p = this.start();
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ name, resolve, reject });
      p.stdin.write(name + '\n');
    });
  }

  async readText(name: string): Promise<string> {
    return (await this.read(name)).toString('utf8');
  }

  private onData(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.body) {
        const b = this.body;
        const n = Math.min(b.out.length - b.filled, chunk.length - off);
        chunk.copy(b.out, b.filled, off, off + n);
        b.filled += n;
        off += n;
        if (b.filled === b.out.length) {
          this.body = undefined;
          b.req.resolve(b.out.subarray(0, b.size));
        }
        continue;
      }
      const nl = chunk.indexOf(0x0a, off);
      if (nl < 0) {
        this.headerBuf = Buffer.concat([this.headerBuf, chunk.subarray(off)]);
        return;
      }
      const line = Buffer.concat([this.headerBuf, chunk.subarray(off, nl)]).toString('utf8');
      this.headerBuf = Buffer.alloc(0);
      off = nl + 1;
      const req = this.queue[this.head++];
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      if (!req) continue;
      const m = /^(\S+) (\S+) (\d+)$/.exec(line);
      if (!m) {
        req.reject(Object.assign(new Error(`git object ${req.name} not found (${line.replace(/^\S+ /, '')})`), { code: 'ENOENT' }));
        continue;
      }
      const size = Number(m[3]);
      this.body = { out: Buffer.allocUnsafe(size + 1), filled: 0, size, req };
    }
  }

  /** End the process (pending reads still complete). */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    const p = this.proc;
    this.closing = !p || p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => {
      p.once('close', () => resolve());
      p.stdin.end();
    });
    return this.closing;
  }
}

/** Bytes of each blob in order, through one cat-file process. */
export async function* catBlobs(repo: string, shas: Iterable<string>, window = 256): AsyncGenerator<{ sha: string; data: Buffer }> {
  const cat = new CatFile(repo);
  try {
    const inflight: { sha: string; p: Promise<Buffer> }[] = [];
    for (const sha of shas) {
      const p = cat.read(sha);
      p.catch(() => undefined); // awaited below; never an unhandled rejection if we stop early
      inflight.push({ sha, p });
      if (inflight.length >= window) {
        const x = inflight.shift()!;
        yield { sha: x.sha, data: await x.p };
      }
    }
    for (const x of inflight) yield { sha: x.sha, data: await x.p };
  } finally {
    await cat.close();
  }
}
