import { charWidth, displayWidth } from './display-width';
import { drawPrettyTable } from './pretty-table';

describe('drawPrettyTable', () => {
  it('draws header, rules and left-aligned cells', () => {
    expect(drawPrettyTable({ header: ['a', 'bb'], rows: [['xyz', '']], align: ['l', 'l'] })).toBe(
      ['+-----+----+', '| a   | bb |', '+-----+----+', '| xyz |    |', '+-----+----+'].join('\n'),
    );
  });

  it('draws a header-less table with right-aligned first column', () => {
    expect(
      drawPrettyTable({
        rows: [
          ['id', 'x'],
          ['internal', 'true'],
        ],
        align: ['r', 'l'],
      }),
    ).toBe(
      [
        '+----------+------+',
        '|       id | x    |',
        '| internal | true |',
        '+----------+------+',
      ].join('\n'),
    );
  });

  it('widens a column to its widest line', () => {
    const table = drawPrettyTable({ header: ['h'], rows: [['a\nlonger\nb']], align: ['l'] });
    expect(table.split('\n')).toEqual([
      '+--------+',
      '| h      |',
      '+--------+',
      '| a      |',
      '| longer |',
      '| b      |',
      '+--------+',
    ]);
  });
});

describe('display width (wcwidth)', () => {
  it.each<[string, number]>([
    ['a', 1],
    ['日', 2],
    ['ｱ', 1],
    ['！', 2],
    ['가', 2],
    ['😀', 2],
    ['\u0301', 0],
    ['\u200b', 0],
    ['\u0000', 0],
    ['\t', -1],
    ['\u007f', -1],
  ])('%p is %p wide', (char, width) => {
    expect(charWidth(char.codePointAt(0) ?? 0)).toBe(width);
  });

  it('ignores colour codes and returns -1 for any control character', () => {
    expect(displayWidth('\u001b[31mred\u001b[0m')).toBe(3);
    expect(displayWidth('日本 ok')).toBe(7);
    expect(displayWidth('a\u0001b')).toBe(-1);
  });
});
