/**
 * The Wuxi seed article (`tests/fixtures/wuxi-portal-article.txt`) as a story, with its two photos
 * and the rail items the seed page shows: the realistic story of the portal's tests and golden files.
 */
import type { BlockElement } from '../../../shared/story/body';
import type { StoryWithBody } from '../../../shared/story/story';
import type { ArticleSummary, PortalPhoto } from '../../../shared/portal/summary';

/** The seed page's `Updated : 2017-03-03`, 10:00 Beijing time. */
export const WUXI_PUBLISHED_AT = Date.UTC(2017, 2, 3, 2, 0, 0);

/** The credit both seed photos carry. */
export const WUXI_CREDIT = '[Photo provided to China Daily]';

/** Library ids (SHA-256 hex) of the seed's two photos. */
export const WUXI_PHOTO_IDS = {
  signing: 'a'.repeat(63) + '1',
  symposium: 'b'.repeat(63) + '2',
} as const;

function paragraph(text: string): BlockElement {
  return { type: 'paragraph', children: [{ text }] };
}

/** A 3:2 photo with the renditions the media library makes for it. */
export function buildPortalPhoto(id: string, width = 2400, height = 1600): PortalPhoto {
  return {
    id,
    width,
    height,
    renditions: [320, 640, 1024, 1600]
      .filter((target) => target < width)
      .map((target) => ({
        name: `w${target}`,
        width: target,
        height: Math.round((target * height) / width),
        mimeType: 'image/webp',
      })),
  };
}

/** The seed article as a published story; overrides make variants. */
export function buildWuxiStory(overrides: Partial<StoryWithBody> = {}): StoryWithBody {
  return {
    id: '01900000-0000-7000-8000-000000000001',
    slug: 'wuxi-iot-partnership',
    headline: 'Wuxi reaps strong partnership to push forward IoT industry',
    subheadline: 'China Electronics Technology Hik Group to invest 10 billion yuan in IoT projects',
    byline: 'By Wang Wei',
    dateline: 'NANJING, Feb 28',
    section: 'news',
    source: 'chinadaily.com.cn',
    summary:
      "Wuxi entered into a strategic partnership with China Electronics Technology Hik Group on Feb 28, further promoting the city's Internet of Things industry.",
    keywords: ['Wuxi', 'IoT', 'CETC'],
    urgency: 'normal',
    editorialNote: 'Check the investment figure with the press office.',
    language: 'en',
    leadPhoto: null,
    state: 'published',
    stateBeforeSpike: null,
    scheduledAt: null,
    publishedPath: null,
    correctionNote: '',
    createdBy: 'Wang Wei',
    createdAt: WUXI_PUBLISHED_AT - 3_600_000,
    updatedAt: WUXI_PUBLISHED_AT,
    firstPublishedAt: WUXI_PUBLISHED_AT,
    lastPublishedAt: WUXI_PUBLISHED_AT,
    wordCount: 330,
    body: [
      paragraph(
        "The city of Wuxi in Jiangsu province entered into a strategic partnership with China Electronics Technology Hik Group on Feb 28, further promoting the city's Internet of Things (IoT) industry.",
      ),
      paragraph(
        'An IoT engineering application center, a state smart city infrastructure operations center, an IoT industry capital operation platform and a provincial IoT technology innovation center will be built as a result of the new partnership. China Electronics Technology Hik Group will invest a total of 10 billion yuan ($1.5 billion) in the IoT projects.',
      ),
      paragraph(
        'An official signing ceremony was held in Nanjing on Feb 28 to mark the great deal. Li Qiang, the highest official of Jiangsu province, attended the ceremony to extend his congratulations to both sides.',
      ),
      {
        type: 'figure',
        photoId: WUXI_PHOTO_IDS.signing,
        caption:
          'The Wuxi municipal government and China Electronics Technology Hik Group sign a cooperation agreement in Nanjing on Feb 28.',
        credit: WUXI_CREDIT,
        altText: 'Officials sign a cooperation agreement at a table in Nanjing',
        children: [{ text: '' }],
      },
      paragraph(
        "Li said the IoT industry serves as a major emerging industry in Jiangsu province and will bring critical influences to change the life. He said the government will create a good investing environment and optimize services to support CETC and make contributions to the development of China's IoT industry.",
      ),
      paragraph(
        "Xiong Liqun, secretary of Party group and chairman of CETC, appreciated the support from Jiangsu government. He gave credit to the solid IoT industry foundation of Wuxi city and vowed to make use of its advantageous resources to help raise the city's IoT industry to a new level in five to eight years.",
      ),
      {
        type: 'figure',
        photoId: WUXI_PHOTO_IDS.symposium,
        caption:
          'Jiangsu government officials and China Electronics Technology Hik Group management exchange ideas at the symposium.',
        credit: WUXI_CREDIT,
        altText: 'Officials and company managers talk around a conference table',
        children: [{ text: '' }],
      },
      paragraph(
        'China Electronics Technology Hik Group is a subsidiary of state-owned China Electronics Technology Group Corporation (CETC), a large-scale enterprise engaged in the engineering and construction of essential military/civil information system, as well as in the research and manufacturing of major electronics equipment, communication and electronics products, key components and software.',
      ),
      paragraph(
        'Hopefully, the city of Wuxi will step further claiming its prestigious reputation in the field of IoT industry.',
      ),
    ],
    ...overrides,
  };
}

/** The seed's two photos as the portal sees them. */
export function wuxiPhotos(): Map<string, PortalPhoto> {
  return new Map([
    [WUXI_PHOTO_IDS.signing, buildPortalPhoto(WUXI_PHOTO_IDS.signing)],
    [WUXI_PHOTO_IDS.symposium, buildPortalPhoto(WUXI_PHOTO_IDS.symposium, 1800, 1200)],
  ]);
}

/** A published story as listings see it; overrides make variants. */
export function buildSummary(overrides: Partial<ArticleSummary> = {}): ArticleSummary {
  return {
    storyId: '01900000-0000-7000-8000-0000000000ff',
    path: 'news/2017/03/01/story.html',
    section: 'news',
    headline: 'A story',
    subheadline: '',
    description: 'What happened.',
    byline: '',
    keywords: [],
    language: 'en',
    firstPublishedAt: WUXI_PUBLISHED_AT - 86_400_000,
    lastPublishedAt: WUXI_PUBLISHED_AT - 86_400_000,
    image: null,
    ...overrides,
  };
}

/** The rail of the seed page: its four video items (captions as the page shows them), newest first. */
export function wuxiRail(): ArticleSummary[] {
  const titles = [
    ['2017/03/02/enjoy-cherry-blossoms', 'Enjoy cherry blossoms at night in Wuxi'],
    ['2017/03/01/lingshan-mountain', 'In pics: Lingshan Mountain Scenic Area in early winter'],
    ['2017/02/28/wetland-parks', 'In pics: Wetland parks in Wuxi'],
    ['2017/02/27/cuipingshan', 'In pics: Cuipingshan Tourist Resort'],
  ] as const;
  return titles.map(([datedSlug, headline], index) => {
    const at = WUXI_PUBLISHED_AT - (index + 1) * 86_400_000;
    const photoId = `c${String(index)}`.padEnd(64, '0');
    return buildSummary({
      storyId: `01900000-0000-7000-8000-00000000010${index}`,
      path: `news/videos/${datedSlug}.html`,
      section: 'news/videos',
      headline,
      description: headline,
      firstPublishedAt: at,
      lastPublishedAt: at,
      image: { photo: buildPortalPhoto(photoId, 1280, 720), altText: '' },
    });
  });
}
