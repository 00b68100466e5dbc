/**
 * An experiment island's settings: the configuration of each lane (one, or two in compare mode, always on the
 * same seed), which lane the controls edit, the speed, and their mirror in the page URL — read once when the
 * island hydrates (validated and clamped into the lab's own ranges, what it could not use reported; see
 * url-state.ts), rewritten with history.replaceState as the reader changes anything. Changes to a live parameter
 * (the experiment's liveKeys, such as the learning rate) apply in flight; any other change restarts the lane from
 * step 0.
 */
import { useEffect, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { ExperimentId } from '../../core/experiments';
import { useLabRun } from '../use-lab-run';
import type { StringKey } from '../../i18n';
import type { SettingWord } from './setting-words';
import { baseOfB, configParams, linkNoteText, readLabLink, writeNamespace, type LabLink } from './url-state';

/** What a lab island declares about its experiment. */
export interface LabSpec<C> {
  experiment: ExperimentId;
  /** The experiment's config schema: URL values are coerced, clamped and validated with it. */
  schema: z.ZodTypeAny;
  /** Keys that change while running without a restart. */
  liveKeys: readonly string[];
  /** The keys the reader controls: only these are read from and written to the URL. `seed` is shared by the lanes. */
  keys: readonly (keyof C & string)[];
  /** Steps to take by themselves after each change (1 for pictures of a network at initialisation). */
  stepOnReset?: number;
  /** Settings this lab's controls name otherwise than SETTING_WORDS does (for the line above a comparison). */
  words?: Readonly<Record<string, SettingWord>>;
}

/** Steps per second the speed control offers; 0 is "as fast as it goes". */
export const SPEEDS = [2, 10, 30, 0] as const;
export const LANE_LABELS = ['A', 'B'] as const;

export interface LabIslandProps<C> {
  /** The author's configuration, and a second one when the author set `compare`. */
  configs: C[];
  maxSteps: number;
  /** The island's id on the page: its URL namespace and the prefix of its element ids. */
  uid: string;
}

export function useLab<C extends { seed: number } & Record<string, unknown>, R>(
  spec: LabSpec<C>,
  props: LabIslandProps<C>,
) {
  const initial = props.configs;
  const [configs, setConfigs] = useState<C[]>(initial);
  const [editing, setEditing] = useState(0);
  const [speed, setSpeedState] = useState<number>(0);
  const [restored, setRestored] = useState(false);
  /** What the link asked for that the lab did not use as written; cleared once the reader changes a setting. */
  const [link, setLink] = useState<Pick<LabLink<C>, 'notes' | 'truncated'> | null>(null);
  const [hydrated, setHydrated] = useState(false);
  const run = useLabRun<C, R>(spec.experiment, initial, {
    maxSteps: props.maxSteps,
    stepsPerSecond: speed,
    stepOnReset: spec.stepOnReset ?? 0,
  });
  const laneKeys = spec.keys.filter((k) => k !== 'seed');
  /** What B starts from: the author's B, or a copy of A; on A's seed either way. */
  const baseB = (a: C): C => baseOfB(initial, a);

  useEffect(() => {
    const read = readLabLink(location.search, props.uid, spec, initial, SPEEDS);
    if (read.speed !== null) {
      setSpeedState(read.speed);
      run.setSpeed(read.speed);
    }
    if (JSON.stringify(read.configs) !== JSON.stringify(initial)) {
      setConfigs(read.configs);
      run.prime(read.configs);
      setRestored(true);
    }
    if (read.notes.length || read.truncated) setLink({ notes: read.notes, truncated: read.truncated });
    setHydrated(true);
  }, []);

  useEffect(() => {
    if (!hydrated) return;
    const [a, b] = configs;
    const entries = configParams(a!, initial[0]!, spec.keys);
    if (configs.length !== initial.length) entries.push(['compare', configs.length > 1 ? '1' : '0']);
    if (b) entries.push(...configParams(b, baseB(a!), laneKeys, 'b.'));
    if (speed !== 0) entries.push(['speed', String(speed)]);
    writeNamespace(props.uid, entries);
  }, [configs, speed, hydrated]);

  /** Set one setting of the lane being edited (or of every lane, for the shared seed). */
  const change = <K extends keyof C & string>(key: K, value: C[K]) => {
    const shared = key === 'seed';
    const lanes = configs.map((_, i) => i).filter((i) => shared || i === editing);
    const next = configs.map((c, i) => (lanes.includes(i) ? { ...c, [key]: value } : c));
    setConfigs(next);
    setRestored(false);
    setLink(null);
    // Read from the run, not this render's state: the controls' vnodes are kept between renders (LabShell).
    if (spec.liveKeys.includes(key) && run.isLive() && typeof value === 'number') {
      for (const i of lanes) run.setLive(i, key, value, next);
    } else run.reset(next);
  };

  const setCompare = (on: boolean) => {
    const a = configs[0]!;
    const next = on ? [a, baseB(a)] : [a];
    setConfigs(next);
    setEditing(on ? 1 : 0);
    setRestored(false);
    setLink(null);
    run.reset(next);
  };

  const setSpeed = (sps: number) => {
    setSpeedState(sps);
    run.setSpeed(sps);
  };

  return {
    uid: props.uid,
    spec,
    initial,
    configs,
    /** The configuration the controls show and edit. */
    current: configs[Math.min(editing, configs.length - 1)]!,
    editing,
    setEditing,
    compare: configs.length > 1,
    setCompare,
    change,
    speed,
    setSpeed,
    /** The settings came from the URL and differ from the build-time figure, which is still showing. */
    restored,
    /**
     * What the lab says about the link it was opened with, as plain text (render it as a text node): the
     * parameters it ignored or changed to fit; null when it used the link as written, or once the reader changed
     * a setting.
     */
    linkNote: (t: (key: StringKey, params?: Record<string, string | number>) => string) =>
      link ? linkNoteText(t, link) : null,
    hydrated,
    run,
  };
}

export type Lab<C extends { seed: number } & Record<string, unknown>, R> = ReturnType<typeof useLab<C, R>>;
