/**
 * <ActivationExplorer>'s live half: pick activations, show f, f′ or both, and read every curve at one x — by
 * pointer, by tap, or with the slider — in a table that is also the figure's legend and its text alternative.
 * Pure functions of the core's tfjs-free activation table: no Worker, nothing to train, nothing heavy to load.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { scalarActivation, type ActivationId } from '../core/activation-scalars';
import type { ExplorerSettings } from '../authoring/schemas/activation-explorer';
import { CURVE_SETS } from '../authoring/schemas/activation-explorer';
import { activationColor, sampleActivations, type CurveSet } from '../figures/activation-curves';
import { activationExplorerPanel, explorerText } from '../figures/activation-explorer';
import { MARGIN } from '../figures/theme';
import { translator, type Locale, type StringKey } from '../i18n';
import { formatNumber } from '../i18n/numbers';
import { ExportMenu } from './kit/ExportMenu';
import { exportFilename, toCsv } from './kit/export';
import { RangeField, SelectField } from './kit/fields';
import { useCoalescedDraw, usePrefersReducedMotion } from './kit/motion';
import { coerceValue, namespaceParams, writeNamespace } from './kit/url-state';

export interface ActivationExplorerProps {
  settings: ExplorerSettings;
  locale: Locale;
  uid: string;
  children?: ComponentChildren;
}

/** The reader's part of the settings, as it goes into a link. */
interface View {
  on: ActivationId[];
  show: CurveSet;
  at: number;
}

/** Read the view from the URL: the list keeps only offered activations, `at` is clamped into the x range. */
export function parseView(search: string, ns: string, settings: ExplorerSettings): View {
  const params = namespaceParams(search, ns);
  const view: View = { on: settings.activations, show: settings.show, at: settings.at };
  const on = params.get('on');
  if (on !== undefined) {
    const picked = settings.choices.filter((c) => on.split(',').includes(c));
    if (picked.length > 0) view.on = picked;
  }
  const show = params.get('show');
  if (show !== undefined) {
    const v = coerceValue({ kind: 'enum', options: CURVE_SETS }, show);
    if (typeof v === 'string') view.show = v as CurveSet;
  }
  const at = params.get('at');
  if (at !== undefined) {
    const v = coerceValue(
      {
        kind: 'number',
        int: false,
        min: { value: settings.xMin, inclusive: true },
        max: { value: settings.xMax, inclusive: true },
      },
      at,
    );
    if (typeof v === 'number') view.at = v;
  }
  return view;
}

export function viewParams(view: View, settings: ExplorerSettings): [string, string][] {
  const out: [string, string][] = [];
  const on = settings.choices.filter((c) => view.on.includes(c));
  if (on.join(',') !== settings.activations.join(',')) out.push(['on', on.join(',')]);
  if (view.show !== settings.show) out.push(['show', view.show]);
  if (view.at !== settings.at) out.push(['at', String(view.at)]);
  return out;
}

/** Positions as the reader reads them: a maximum found at 1.8 × 10⁻¹⁵ is at 0. */
export const roundX = (x: number) => Number(x.toFixed(2)) || 0;

export default function ActivationExplorer({ settings, locale, uid, children }: ActivationExplorerProps) {
  const t = translator(locale);
  const initial: View = { on: settings.activations, show: settings.show, at: settings.at };
  const [view, setView] = useState<View>(initial);
  const [live, setLive] = useState(false);
  const [hydrated, setHydrated] = useState(false);
  const figureRef = useRef<HTMLDivElement>(null);
  const staticRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<
    (SVGSVGElement | HTMLElement) & { scale?: (name: string) => { invert?: (v: number) => number } }
  >(null);
  const reduced = usePrefersReducedMotion();
  const label = (id: ActivationId) => t(`act.${id}` as StringKey);
  const color = (id: ActivationId) => activationColor(id);
  const params = { leakyAlpha: settings.leakyAlpha, eluAlpha: settings.eluAlpha };
  const range = [settings.xMin, settings.xMax] as const;
  const shown = settings.choices.filter((c) => view.on.includes(c));
  const id = (name: string) => `${uid}-${name}`;

  useEffect(() => {
    const restored = parseView(location.search, uid, settings);
    if (JSON.stringify(restored) !== JSON.stringify(initial)) {
      setView(restored);
      setLive(true);
    }
    setHydrated(true);
  }, []);
  useEffect(() => {
    if (hydrated) writeNamespace(uid, viewParams(view, settings));
  }, [view, hydrated]);

  const update = (p: Partial<View>) => {
    setView((v) => ({ ...v, ...p }));
    setLive(true);
  };

  const curves = () => sampleActivations(shown, label, params, range);
  const readings = shown.map((a) => {
    const act = scalarActivation(a, params);
    return { id: a, f: act.f(view.at), df: act.df(view.at) };
  });

  useCoalescedDraw(
    () => {
      const panel = activationExplorerPanel(
        {
          curves: curves(),
          x: range,
          y: [settings.yMin, settings.yMax],
          show: view.show,
          at: { x: view.at, values: readings },
        },
        { t, colors: color },
      );
      const figure = panel.figure;
      plotRef.current = figure;
      figureRef.current?.replaceChildren(figure);
    },
    [view, locale],
    live,
    reduced,
  );

  // Pointer or tap over the figure moves the reading to the x under it.
  const onPointer = (e: PointerEvent) => {
    const host = live ? figureRef.current : staticRef.current;
    const svg = host?.querySelector('svg');
    if (!svg) return;
    const rect = svg.getBoundingClientRect();
    const vb = svg.viewBox.baseVal;
    const px = ((e.clientX - rect.left) * (vb && vb.width ? vb.width : rect.width)) / rect.width;
    const scale = plotRef.current?.scale?.('x');
    let x: number;
    if (scale?.invert) x = scale.invert(px);
    else {
      // Before the first live drawing: the static figure's frame, from Plot's margins (see activationCurvesFigure).
      const width = vb?.width || rect.width;
      x = settings.xMin + ((px - MARGIN.left) / (width - MARGIN.left - MARGIN.right)) * (settings.xMax - settings.xMin);
    }
    if (!Number.isFinite(x)) return;
    const clamped = Math.min(settings.xMax, Math.max(settings.xMin, Math.round(x * 100) / 100));
    if (clamped !== view.at) update({ at: clamped });
  };

  const csv = () => {
    const cs = curves();
    return toCsv(
      cs[0]!.points.map((_, i) => ({
        x: cs[0]!.points[i]!.x,
        ...Object.fromEntries(
          cs.flatMap((c) => [
            [`f_${c.id}`, c.points[i]!.f],
            [`df_${c.id}`, c.points[i]!.df],
          ]),
        ),
      })),
    );
  };
  const json = () =>
    JSON.stringify(
      {
        component: 'activation-explorer',
        params,
        x: range,
        reading: { x: view.at, values: readings },
        maxima: curves().map((c) => ({ id: c.id, x: c.max.x, value: c.max.value })),
        curves: curves().map((c) => ({ id: c.id, points: c.points })),
      },
      null,
      1,
    );
  const step = Math.max(0.01, Number(((settings.xMax - settings.xMin) / 200).toPrecision(1)));
  // Two samples suffice for the words: the maxima come from the table's own search, not from the samples.
  const sparse = sampleActivations(shown, label, params, range, 2);
  const text = explorerText(sparse, range, t);

  return (
    <div class="vg-lab" data-live={live ? '' : undefined}>
      <div class="vg-lab__controls" role="group" aria-label={t('lab.controls')}>
        <fieldset class="vg-lanes vg-choices">
          <legend>{t('explorer.activations')}</legend>
          {settings.choices.map((a) => {
            const checked = view.on.includes(a);
            return (
              <label
                class="vg-lanes__option vg-choice"
                key={a}
                style={{ '--vg-swatch': color(a) } as Record<string, string>}
              >
                <input
                  type="checkbox"
                  value={a}
                  checked={checked}
                  // The last function shown cannot be switched off: an empty figure explains nothing.
                  disabled={!hydrated || (checked && view.on.length === 1)}
                  onChange={(e) =>
                    update({ on: e.currentTarget.checked ? [...view.on, a] : view.on.filter((x) => x !== a) })
                  }
                />
                {label(a)}
              </label>
            );
          })}
        </fieldset>
        <SelectField
          id={id('show')}
          label={t('explorer.show')}
          value={view.show}
          options={CURVE_SETS.map((s) => ({ value: s, label: t(`explorer.show.${s}`) }))}
          disabled={!hydrated}
          onChange={(v) => update({ show: v })}
        />
        <RangeField
          id={id('at')}
          label={t('explorer.at')}
          value={view.at}
          display={view.at.toFixed(2)}
          min={settings.xMin}
          max={settings.xMax}
          step={step}
          disabled={!hydrated}
          onChange={(v) => update({ at: v })}
        />
        <div class="vg-buttons">
          <button
            type="button"
            class="vg-button"
            data-action="reset"
            title={t('explorer.resetTitle')}
            disabled={!hydrated}
            onClick={() => update(initial)}
          >
            {t('lab.reset')}
          </button>
        </div>
        <ExportMenu
          t={t}
          disabled={!hydrated}
          source={{
            filename: (kind) =>
              exportFilename(
                'activation-explorer',
                [shown.join('-')],
                null,
                kind,
                view.show === 'both' ? [] : [view.show],
              ),
            csv,
            json,
            figure: () =>
              (live ? figureRef.current?.closest('.vg-panels') : staticRef.current?.querySelector('.vg-panels')) ??
              null,
          }}
        />
      </div>

      <p class="vg-hint">{t('explorer.hint')}</p>
      <div class="vg-explorer__figure" onPointerMove={onPointer} onPointerDown={onPointer}>
        <div class="vg-lab__static" hidden={live} ref={staticRef}>
          {children}
        </div>
        <div class="vg-panels vg-panels--wide vg-lab__live" hidden={!live} data-testid="live-panels">
          <div class="vg-panel">
            <p class="vg-panel__title">{text.title}</p>
            <div ref={figureRef} />
          </div>
        </div>
      </div>

      <table class="vg-readout" data-testid="readout">
        <caption>{t('explorer.table.caption', { x: formatNumber(view.at, 3) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('explorer.table.function')}</th>
            {view.show !== 'df' && <th scope="col">f(x)</th>}
            {view.show !== 'f' && <th scope="col">f′(x)</th>}
            <th scope="col">
              {t('explorer.table.max', { lo: formatNumber(settings.xMin), hi: formatNumber(settings.xMax) })}
            </th>
          </tr>
        </thead>
        <tbody>
          {sparse.map(({ id: a, max: m }, i) => (
            <tr key={a} data-activation={a}>
              <th scope="row">
                <span class="vg-swatch" style={{ background: color(a) }} aria-hidden="true" />
                {label(a)}
              </th>
              {view.show !== 'df' && <td>{formatNumber(readings[i]!.f, 3)}</td>}
              {view.show !== 'f' && <td>{formatNumber(readings[i]!.df, 3)}</td>}
              <td>{t('explorer.maxAt', { value: formatNumber(m.value, 3), x: formatNumber(roundX(m.x), 2) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
