// Finds a CJK font to embed in printed PDFs. pdfkit embeds only the glyphs a document uses (a subset),
// so a 20 MB collection costs a few kilobytes per page. Without a CJK font every Chinese character would
// print as an empty box ("tofu"), so a missing font is a clear error, never a silent fallback.
import { existsSync } from 'node:fs';
import { err, ok, type Result, type UserFacingError } from '../../sync/protocol/result.js';

export interface CjkFont {
  readonly path: string;
  /** PostScript name of the face inside a .ttc collection (pdfkit needs it to pick one face). */
  readonly postscriptName: string;
}

/** Debian/Ubuntu fonts-noto-cjk first; then other distributions' paths; then Windows' own CJK font. */
export const CJK_FONT_CANDIDATES: readonly CjkFont[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  { path: 'C:\\Windows\\Fonts\\msyh.ttc', postscriptName: 'MicrosoftYaHei' },
  { path: 'C:\\Windows\\Fonts\\simsun.ttc', postscriptName: 'SimSun' },
];

export type FontErrorCode = 'cjk_font_missing';

/**
 * YICHUANG_CJK_FONT=/path/to/font.ttc[#PostScriptName] overrides the search (a .ttf/.otf needs no name).
 * The error lists every path tried and the Debian package that provides the default.
 */
export function resolveCjkFont(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly CjkFont[] = CJK_FONT_CANDIDATES,
  exists: (path: string) => boolean = existsSync,
): Result<CjkFont, UserFacingError<FontErrorCode>> {
  const override = env['YICHUANG_CJK_FONT'];
  if (override) {
    const [path = '', name = ''] = override.split('#');
    if (exists(path)) return ok({ path, postscriptName: name });
    return err(fontMissing(`YICHUANG_CJK_FONT points at ${path}, which does not exist`));
  }
  const found = candidates.find((c) => exists(c.path));
  if (found) return ok(found);
  return err(
    fontMissing(
      `no CJK font found; tried ${candidates.map((c) => c.path).join(', ')}. On Debian: apt-get install fonts-noto-cjk, or set YICHUANG_CJK_FONT=/path/font.ttc#PostScriptName`,
    ),
  );
}

function fontMissing(detail: string): UserFacingError<FontErrorCode> {
  return {
    code: 'cjk_font_missing',
    message: { zh: '终端缺少中文字体，暂时无法打印 A4 文档，请联系工作人员。', en: 'This terminal lacks a Chinese font and cannot print A4 documents now; please ask a member of staff.' },
    detail,
  };
}
