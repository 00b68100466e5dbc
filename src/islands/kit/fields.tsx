/**
 * The labelled controls islands are built from. Each is a native element (range, select, number, checkbox) with a
 * visible <label> tied to it, so the keyboard and screen readers get them for free; ids come from the island's
 * page-unique id.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { z } from 'zod';
import { fieldInfo, objectOf } from '../../authoring/schema-fields';

interface FieldBase {
  id: string;
  label: string;
  disabled?: boolean;
  hint?: string;
  /** The setting applies while the lab runs (marked "live"); any other restarts the run. */
  live?: boolean;
  /** The id of what else describes the control: whether changing it restarts the run (see bindFields). */
  describedBy?: string;
}

/** The word that marks a live setting, in the page's language: the lab's shell provides it around its controls. */
export const LiveTag = createContext('');

/** The ids that describe a control: its own hint, and what is said of every control like it. */
const describedBy = (props: FieldBase) =>
  [props.hint ? `${props.id}-hint` : '', props.describedBy ?? ''].filter(Boolean).join(' ') || undefined;

/**
 * A field's label, and beside it (outside it: not part of the control's name, "Learning rate") the "live" mark of a
 * setting that applies while the lab runs; the control's description says the same in words.
 */
function FieldLabel(props: FieldBase & { children?: ComponentChildren }) {
  const tag = useContext(LiveTag);
  const label = <label for={props.id}>{props.children ?? props.label}</label>;
  if (!props.live || !tag) return label;
  return (
    <span class="vg-field__label">
      {label}
      <span class="vg-tag" aria-hidden="true">
        {tag}
      </span>
    </span>
  );
}

function Hint(props: FieldBase) {
  return props.hint ? (
    <span id={`${props.id}-hint`} class="vg-hint">
      {props.hint}
    </span>
  ) : null;
}

export function RangeField(
  props: FieldBase & {
    value: number;
    min: number;
    max: number;
    step?: number;
    display?: string;
    onChange: (v: number) => void;
  },
) {
  return (
    <div class="vg-field vg-field--range">
      <FieldLabel {...props}>
        {props.label} <output for={props.id}>{props.display ?? props.value}</output>
      </FieldLabel>
      <input
        id={props.id}
        type="range"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={props.value}
        disabled={props.disabled}
        aria-describedby={describedBy(props)}
        onChange={(e) => props.onChange(Number(e.currentTarget.value))}
      />
      <Hint {...props} />
    </div>
  );
}

export function SelectField<V extends string | number>(
  props: FieldBase & { value: V; options: readonly { value: V; label: string }[]; onChange: (v: V) => void },
) {
  return (
    <div class="vg-field">
      <FieldLabel {...props} />
      <select
        id={props.id}
        value={String(props.value)}
        disabled={props.disabled}
        aria-describedby={describedBy(props)}
        onChange={(e) => {
          const picked = props.options.find((o) => String(o.value) === e.currentTarget.value);
          if (picked) props.onChange(picked.value);
        }}
      >
        {props.options.map((o) => (
          <option value={String(o.value)} key={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
      <Hint {...props} />
    </div>
  );
}

/** A number typed by the reader: applied on change (Enter or leaving the field), clamped into [min, max]. */
export function NumberField(
  props: FieldBase & {
    value: number;
    min: number;
    max: number;
    step?: number;
    integer?: boolean;
    onChange: (v: number) => void;
  },
) {
  return (
    <div class="vg-field">
      <FieldLabel {...props} />
      <input
        id={props.id}
        type="number"
        min={props.min}
        max={props.max}
        step={props.step ?? 'any'}
        value={props.value}
        disabled={props.disabled}
        inputMode={props.integer ? 'numeric' : 'decimal'}
        aria-describedby={describedBy(props)}
        onChange={(e) => {
          const raw = Number(e.currentTarget.value);
          if (e.currentTarget.value.trim() === '' || !Number.isFinite(raw)) {
            e.currentTarget.value = String(props.value);
            return;
          }
          const v = Math.min(props.max, Math.max(props.min, props.integer ? Math.round(raw) : raw));
          e.currentTarget.value = String(v);
          if (v !== props.value) props.onChange(v);
        }}
      />
      <Hint {...props} />
    </div>
  );
}

export function CheckboxField(props: FieldBase & { value: boolean; onChange: (v: boolean) => void }) {
  return (
    <div class="vg-field vg-field--check">
      <input
        id={props.id}
        type="checkbox"
        checked={props.value}
        disabled={props.disabled}
        aria-describedby={describedBy(props)}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <FieldLabel {...props} />
      <Hint {...props} />
    </div>
  );
}

/** The learning rates the labs offer: half-decades, from too timid to divergent. */
export const LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3] as const;

/** The offered values, with the current one added if it is not among them (an author's or a link's value). */
export const withValue = (list: readonly number[], v: number) =>
  list.includes(v) ? list : [...list, v].sort((a, b) => a - b);

/** A select's options for a list of numbers (the current value among them, see withValue), labelled as written. */
export const numberOptions = (list: readonly number[], v: number, label: (x: number) => string = String) =>
  withValue(list, v).map((x) => ({ value: x, label: label(x) }));

/**
 * What a control needs of its lab (a slice of use-lab's Lab): the lane being edited and how to change it.
 * `change` is a method, so that a lab whose configuration has more settings than C is one of these too: a
 * control typed on the settings it edits fits every lab that has them. (Method parameters are bivariant, so a
 * lab whose setting takes fewer values than C's, a shorter list of activations, fits as well: give a shared
 * control only labs that take every value it offers.)
 */
export interface FieldLab<C> {
  uid: string;
  hydrated: boolean;
  current: C;
  change<K extends keyof C & string>(key: K, value: C[K]): void;
  /**
   * The lab's configuration schema: what its controls offer, as a link is clamped into it (see rangeOf); and the
   * settings that apply while it runs (any other restarts the run).
   */
  spec: { schema: z.ZodTypeAny; liveKeys?: readonly string[] };
}

/**
 * The ids of the two descriptions a lab's controls point to (its shell renders them): changing the control restarts
 * the run, or applies while it runs.
 */
export const descriptionId = (uid: string, live: boolean) => `${uid}-${live ? 'applies-live' : 'restarts'}`;

/**
 * The range a slider offers for a numeric setting: the bounds of the lab's own schema, the same ones its props
 * are validated with and a link is clamped into (url-state.ts), so that the three cannot disagree. The schema must
 * bound the setting inclusively on both sides (a slider has a first and a last position).
 */
export function rangeOf<C>(lab: FieldLab<C>, key: keyof C & string): { min: number; max: number } {
  const field = (objectOf(lab.spec.schema).shape as Record<string, z.ZodTypeAny>)[key];
  const type = field ? fieldInfo(field).type : null;
  if (type?.kind !== 'number' || !type.min?.inclusive || !type.max?.inclusive)
    throw new Error(`rangeOf: the lab's schema does not bound "${key}" inclusively on both sides`);
  return { min: type.min.value, max: type.max.value };
}

/**
 * The props every control of a lab repeats, for one setting of the lane being edited: its element id (the
 * island's uid and `name`, the key unless given), its value, and its change; disabled until the island hydrates;
 * marked "live" if it applies while the lab runs, and described as restarting the run otherwise.
 * `<SelectField {...bind('clip')} label={…} options={…} />`.
 */
export function bindFields<C>(lab: FieldLab<C>) {
  return <K extends keyof C & string>(key: K, name: string = key) => {
    const live = lab.spec.liveKeys?.includes(key) ?? false;
    return {
      id: `${lab.uid}-${name}`,
      value: lab.current[key],
      disabled: !lab.hydrated,
      onChange: (v: C[K]) => lab.change(key, v),
      live,
      describedBy: descriptionId(lab.uid, live),
    };
  };
}
