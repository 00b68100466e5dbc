/**
 * "Copy link": the lab's shareable link (url-state.ts, labLink) to the clipboard, and the button says "Link copied".
 * Where the page may not write to the clipboard (no Clipboard API outside a secure context, or the reader's browser
 * refused), the link is shown selected in a read-only field instead, for the reader to copy themselves; Escape or a
 * click elsewhere closes it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { translator } from '../../i18n';

/** How long "Link copied" stays. */
const SHOWN_MS = 4000;

/** Copy with the older command, from a selected field of our own: true if the browser says it copied. */
function copyByCommand(text: string): boolean {
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.style.position = 'fixed';
  field.style.opacity = '0';
  document.body.append(field);
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    field.remove();
  }
}

export function CopyLink({
  t,
  link,
  disabled,
  id,
}: {
  t: ReturnType<typeof translator>;
  /** The link, built when the reader asks for it (the settings may have changed since the last render). */
  link: () => string;
  disabled?: boolean;
  id: string;
}) {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; link: string }>({
    kind: 'idle',
  });
  const field = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current !== null && clearTimeout(timer.current)), []);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.kind !== 'manual') return;
    field.current?.focus();
    field.current?.select();
    // The shown link closes as the export menu does: on a click outside it.
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setState({ kind: 'idle' });
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [state]);
  /** Escape closes the shown link, focus back on the button. */
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || state.kind !== 'manual') return;
    setState({ kind: 'idle' });
    root.current?.querySelector('button')?.focus();
    e.stopPropagation();
  };

  const copy = async () => {
    const text = link();
    if (timer.current !== null) clearTimeout(timer.current);
    let copied = false;
    try {
      if (navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(text);
        copied = true;
      }
    } catch {
      // Refused (no permission, or the document lost focus): try the older way below.
    }
    if (!copied) copied = copyByCommand(text);
    if (!copied) {
      setState({ kind: 'manual', link: text });
      return;
    }
    setState({ kind: 'copied' });
    timer.current = setTimeout(() => setState({ kind: 'idle' }), SHOWN_MS);
  };

  return (
    <div class="vg-copy-link" ref={root} onKeyDown={onKeyDown}>
      {/* The button says "Link copied" for a few seconds (in place: nothing moves), and the status tells a screen
          reader, which does not read a button's new label out. */}
      <button
        type="button"
        class="vg-button"
        data-action="copy-link"
        data-copied={state.kind === 'copied' ? '' : undefined}
        disabled={disabled}
        onClick={() => void copy()}
      >
        {state.kind === 'copied' ? t('lab.copied') : t('lab.copyLink')}
      </button>
      <span class="vg-sr-only" role="status" data-testid="copy-status">
        {state.kind === 'copied' ? t('lab.copied') : ''}
      </span>
      {state.kind === 'manual' && (
        <span class="vg-copy-link__manual">
          <label for={`${id}-link`}>{t('lab.copyFallback')}</label>
          <input
            id={`${id}-link`}
            ref={field}
            type="text"
            readOnly
            value={state.link}
            data-testid="copy-fallback"
            onFocus={(e) => e.currentTarget.select()}
          />
        </span>
      )}
    </div>
  );
}
