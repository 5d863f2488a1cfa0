import { EventEmitter } from 'node:events';
import { LineWriter, type LineSink } from './json-lines';

/** A stream whose buffer holds `capacity` writes until drain() is called. */
class FakeSink extends EventEmitter implements LineSink {
  readonly written: string[] = [];
  private buffered = 0;

  constructor(private readonly capacity: number) {
    super();
  }

  write(text: string): boolean {
    this.written.push(text);
    this.buffered++;
    return this.buffered < this.capacity;
  }

  drain(): void {
    this.buffered = 0;
    this.emit('drain');
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('LineWriter', () => {
  it('waits for drain when the stream is full', async () => {
    const sink = new FakeSink(2);
    const writer = new LineWriter(sink);
    expect(await writer.write('a\n')).toBe(true);
    let done = false;
    const second = writer.write('b\n').then((ok) => {
      done = true;
      return ok;
    });
    await tick();
    expect(done).toBe(false);
    sink.drain();
    expect(await second).toBe(true);
    expect(sink.written).toEqual(['a\n', 'b\n']);
  });

  it('turns closed on EPIPE, wakes a waiting write, and drops later writes', async () => {
    const sink = new FakeSink(1);
    const writer = new LineWriter(sink);
    const pending = writer.write('a\n');
    sink.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(await pending).toBe(false);
    expect(writer.closed).toBe(true);
    expect(await writer.write('b\n')).toBe(false);
    expect(sink.written).toEqual(['a\n']);
  });

  it('reports other write errors', async () => {
    const sink = new FakeSink(10);
    const writer = new LineWriter(sink);
    sink.emit('error', Object.assign(new Error('no space left'), { code: 'ENOSPC' }));
    await expect(writer.write('a\n')).rejects.toThrow('cannot write the output: no space left');
  });
});
