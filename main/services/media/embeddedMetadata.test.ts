import { describe, expect, it } from 'vitest';
import { buildApp13Segment, buildIptcBlock, encodeGbk } from '../../../tests/support/images';
import { parseTakenAt } from './exif';
import { decodeIptcText, MAX_IPTC_BYTES, parseIptc } from './iptc';
import { MAX_XMP_CHARACTERS, parseXmp } from './xmp';

describe('reading IPTC', () => {
  it('reads every desk field from a Photoshop APP13 payload declared UTF-8', () => {
    const fields = {
      caption: '太湖边的樱花 Cherry blossoms by Taihu Lake',
      byline: '周杰',
      credit: '[Photo provided to China Daily]',
      copyright: '© China Daily',
      objectName: 'Cherry blossoms',
      city: '无锡',
      country: 'China',
    };
    const segment = buildApp13Segment(buildIptcBlock(fields, 'utf8'));
    // The segment's marker and length (4 bytes) are not part of what sharp hands over.
    expect(parseIptc(segment.subarray(4))).toEqual(fields);
  });

  it('does not read a block larger than any honest IPTC block', () => {
    const caption = 'x'.repeat(30_000);
    const block = buildIptcBlock(
      Object.fromEntries(Array.from({ length: 9 }, () => ['caption', caption])),
      'latin1',
    );
    const many = new Uint8Array(MAX_IPTC_BYTES + 1).fill(0x20);
    many.set(block);
    expect([parseIptc(block).caption?.length, parseIptc(many)]).toEqual([30_000, {}]);
  });

  it('reads bare IIM data and ignores garbage', () => {
    expect(parseIptc(buildIptcBlock({ caption: 'Bare' }, 'latin1'))).toEqual({ caption: 'Bare' });
    expect(parseIptc(new TextEncoder().encode('not iptc at all'))).toEqual({});
  });

  it('decodes undeclared text as UTF-8, then GBK when it reads as Chinese, else Latin-1', () => {
    expect([
      decodeIptcText(new TextEncoder().encode('惠山古镇'), false),
      decodeIptcText(encodeGbk('惠山古镇，２０１７年'), false),
      decodeIptcText(
        Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72]),
        false,
      ),
      decodeIptcText(new TextEncoder().encode('Ölfass'), true),
    ]).toEqual(['惠山古镇', '惠山古镇，２０１７年', 'Café noir', 'Ölfass']);
  });
});

describe('reading XMP', () => {
  it('reads Alt, Seq and simple properties under whatever prefixes the file binds', () => {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><r:RDF xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <r:Description xmlns:d="http://purl.org/dc/elements/1.1/" xmlns:ps="http://ns.adobe.com/photoshop/1.0/"
        ps:City="Wuxi &amp; Suzhou" ps:DateCreated="2017-02-28T10:15:00+08:00">
        <d:description><r:Alt><r:li xml:lang="zh-CN">中文说明</r:li><r:li xml:lang="x-default">Default &lt;caption&gt;</r:li></r:Alt></d:description>
        <d:creator><r:Seq><r:li>Li Qiang</r:li><r:li>王芳</r:li></r:Seq></d:creator>
        <d:rights><r:Alt><r:li xml:lang="en">&#169; China Daily</r:li></r:Alt></d:rights>
        <ps:Credit>Xinhua</ps:Credit>
      </r:Description></r:RDF></x:xmpmeta>`;
    expect(parseXmp(xmp)).toEqual({
      description: 'Default <caption>',
      creator: 'Li Qiang, 王芳',
      rights: '© China Daily',
      credit: 'Xinhua',
      city: 'Wuxi & Suzhou',
      dateCreated: '2017-02-28T10:15:00+08:00',
    });
  });

  it('finds nothing in a packet without the desk namespaces', () => {
    expect(parseXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>')).toEqual({});
  });

  it('reads past a character reference beyond Unicode and an unknown entity instead of throwing', () => {
    expect(
      parseXmp(
        `<r:RDF xmlns:r="${RDF}"><r:Description xmlns:d="${DC}" xmlns:ps="${PS}" ps:City="Wu&#x110000;xi">` +
          '<d:title>Taihu &#x110000; Lake &nbsp;</d:title><ps:Credit>CD</ps:Credit></r:Description></r:RDF>',
      ),
    ).toEqual({ title: 'Taihu &#x110000; Lake &nbsp;', city: 'Wu&#x110000;xi', credit: 'CD' });
  });

  it('reads the repeated unclosed <dc:description> packet in one pass, up to the size cap', () => {
    const attack = (size: number) =>
      `<r:RDF xmlns:r="${RDF}"><r:Description xmlns:dc="${DC}" xmlns:ps="${PS}" ps:Credit="CD">` +
      '<dc:description>'.repeat(Math.floor(size / 16));
    expect([
      parseXmp(attack(8 * 1024)),
      parseXmp(attack(MAX_XMP_CHARACTERS - 200)),
      parseXmp(attack(MAX_XMP_CHARACTERS + 16)),
    ]).toEqual([{ credit: 'CD' }, { credit: 'CD' }, {}]);
  });

  it('stops at elements nested deeper than XMP ever nests, keeping what came before', () => {
    const nested = '<x>'.repeat(100);
    expect(
      parseXmp(
        `<r:RDF xmlns:r="${RDF}"><r:Description xmlns:dc="${DC}"><dc:title>Before</dc:title>${nested}<dc:rights>After</dc:rights>`,
      ),
    ).toEqual({ title: 'Before' });
  });
});

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const DC = 'http://purl.org/dc/elements/1.1/';
const PS = 'http://ns.adobe.com/photoshop/1.0/';

describe('reading the date taken', () => {
  it('reads EXIF and ISO dates, honours offsets and refuses zeroed dates', () => {
    expect([
      parseTakenAt('2017:02:28 10:15:00'),
      parseTakenAt('2017:02:28 10:15:00', '+08:00'),
      parseTakenAt('2017-02-28T10:15:00Z'),
      parseTakenAt('0000:00:00 00:00:00'),
      parseTakenAt('yesterday'),
    ]).toEqual([
      new Date(2017, 1, 28, 10, 15, 0).getTime(),
      Date.UTC(2017, 1, 28, 2, 15, 0),
      Date.UTC(2017, 1, 28, 10, 15, 0),
      null,
      null,
    ]);
  });
});
