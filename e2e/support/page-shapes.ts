// Shared by the browser journeys.

/** The few browser shapes used inside page.evaluate (the e2e tsconfig has no DOM lib; types are erased). */
export interface PageEl {
  readonly tagName: string;
  readonly className: string;
  readonly value?: string;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { width: number; height: number };
  blur?(): void;
}

export interface PageWindow {
  document: { querySelectorAll(selector: string): ArrayLike<PageEl>; activeElement: PageEl | null };
  getComputedStyle(el: unknown): { outlineStyle: string; fontSize: string };
  localStorage: object;
  sessionStorage: object;
}

/** Screenshot options for a screen kept as a test artefact: e2e/artifacts/screens/<spec>-<name>.png. */
export const screenshotOf = (spec: string) => (name: string) => ({
  path: `e2e/artifacts/screens/${spec}-${name}.png`,
  fullPage: true,
});
