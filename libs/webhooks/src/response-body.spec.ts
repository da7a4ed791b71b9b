import { Readable } from 'node:stream';
import { MAX_RECORDED_BODY, readRecordedPrefix, storableText } from './response-body';

const dumpable = (stream: Readable) => Object.assign(stream, { dump: async () => undefined });

describe(storableText.name, () => {
  it('keeps ordinary UTF-8 as it is', () => {
    expect(storableText(Buffer.from('{"ok":true} ✓ 😀'))).toBe('{"ok":true} ✓ 😀');
  });

  it('turns NUL bytes, UTF-16 text and invalid UTF-8 into text without NUL characters', () => {
    for (const bytes of [Buffer.from('a\u0000b'), Buffer.from('hello', 'utf16le'), Buffer.from([0xff, 0xfe, 0x00, 0xc3])]) {
      const text = storableText(bytes);
      expect(text).not.toContain('\u0000');
      expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
    }
    expect(storableText(Buffer.from('hi', 'utf16le'))).toBe('h\ufffdi\ufffd');
  });
});

describe(readRecordedPrefix.name, () => {
  it('records only the first KiB of a large body', async () => {
    const big = dumpable(Readable.from([Buffer.alloc(700, 'a'), Buffer.alloc(700, 'b'), Buffer.alloc(700, 'c')]));
    const read = await readRecordedPrefix(big);
    expect(read.text).toHaveLength(MAX_RECORDED_BODY);
    expect(read.cutOff).toBeUndefined();
  });

  it('keeps what arrived before a body was cut off, and says so', async () => {
    async function* broken() {
      yield Buffer.from('partial');
      throw new Error('other side closed');
    }
    const read = await readRecordedPrefix(dumpable(Readable.from(broken())));
    expect(read).toEqual({ text: 'partial', cutOff: 'other side closed' });
  });
});
