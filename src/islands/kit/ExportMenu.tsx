/**
 * The export menu of an island: the trace as CSV or JSON, the figure as SVG or PNG. A <details> disclosure, so it
 * opens from the keyboard and takes no room while closed; it closes as menus do, on a click outside it or on Escape
 * (focus back on its button). The file is built only when asked for.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { translator } from '../../i18n';
import { download, figureSvg, svgToPng } from './export';

export type ExportKind = 'csv' | 'json' | 'svg' | 'png';

export interface ExportSource {
  /** File name for a kind (see exportFilename). */
  filename(kind: ExportKind): string;
  /** The trace; null where the island has no trace to give (csv/json are then not offered). */
  csv?: () => string;
  json?: () => string;
  /** The element holding the visible panels. */
  figure(): Element | null;
}

export function ExportMenu({
  t,
  source,
  disabled,
}: {
  t: ReturnType<typeof translator>;
  source: ExportSource;
  disabled?: boolean;
}) {
  const [message, setMessage] = useState('');
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const onPointer = (e: PointerEvent) => {
      const el = menu.current;
      if (el?.open && !el.contains(e.target as Node)) el.open = false;
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    const el = menu.current;
    if (e.key !== 'Escape' || !el?.open) return;
    el.open = false;
    el.querySelector('summary')?.focus();
    e.stopPropagation();
  };
  const run = async (kind: ExportKind) => {
    try {
      let blob: Blob;
      if (kind === 'csv' && source.csv) blob = new Blob([source.csv()], { type: 'text/csv;charset=utf-8' });
      else if (kind === 'json' && source.json) blob = new Blob([source.json()], { type: 'application/json' });
      else {
        const el = source.figure();
        if (!el) return;
        const fig = figureSvg(el);
        blob =
          kind === 'svg'
            ? new Blob([fig.svg], { type: 'image/svg+xml' })
            : await svgToPng(fig.svg, fig.width, fig.height, fig.background);
      }
      const name = source.filename(kind);
      download(name, blob);
      setMessage(t('lab.export.saved', { file: name }));
    } catch (err) {
      setMessage(t('lab.export.failed', { message: err instanceof Error ? err.message : String(err) }));
    }
  };
  const kinds: ExportKind[] = [
    ...(source.csv ? (['csv'] as const) : []),
    ...(source.json ? (['json'] as const) : []),
    'svg',
    'png',
  ];
  // not-content: Starlight's Markdown styles would draw a chapter's <details> border and marker around the menu.
  return (
    <div class="vg-menu-wrap not-content">
      <details class="vg-menu" ref={menu} onKeyDown={onKeyDown}>
        <summary class="vg-button" aria-disabled={disabled ? 'true' : undefined}>
          {t('lab.export')}
        </summary>
        <div class="vg-menu__items">
          {kinds.map((kind) => (
            <button
              type="button"
              class="vg-button"
              data-action={`export-${kind}`}
              disabled={disabled}
              onClick={() => void run(kind)}
              key={kind}
            >
              {t(`lab.export.${kind}`)}
            </button>
          ))}
          <span class="vg-hint" role="status">
            {message}
          </span>
        </div>
      </details>
    </div>
  );
}
