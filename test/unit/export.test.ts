/** What a reader downloads: the trace as a table, and a file name that says what is in it. */
import { describe, expect, it } from 'vitest';
import { exportFilename, flattenReport, toCsv, traceCsv, traceJson } from '../../src/islands/kit/export';
import { fingerprint } from '../../src/islands/kit/fingerprint';

describe('trace export', () => {
  it('flattens a report: lists become numbered columns, lists of lists two numbers', () => {
    expect(
      flattenReport({
        step: 3,
        loss: 0.5,
        gradNorms: [1e-14, 2],
        histograms: [
          [0.1, 0.9],
          [0.5, 0.5],
        ],
      }),
    ).toEqual({
      step: 3,
      loss: 0.5,
      gradNorms_1: 1e-14,
      gradNorms_2: 2,
      histograms_1_1: 0.1,
      histograms_1_2: 0.9,
      histograms_2_1: 0.5,
      histograms_2_2: 0.5,
    });
  });

  it('writes CSV with a header of every column, quoting what needs it and never a formula', () => {
    expect(
      toCsv([
        { a: 1, b: 'x,y' },
        { a: -2, c: '=HYPERLINK("x")' },
        { a: '-cmd', b: 'say "hi"' },
      ]),
    ).toBe('a,b,c\n1,"x,y",\n-2,,"\'=HYPERLINK(""x"")"\n"\'-cmd","say ""hi""",\n');
  });

  it('puts both configurations of a comparison in one table, with a config column', () => {
    const csv = traceCsv([
      { label: 'A', config: {}, reports: [{ step: 1, loss: 0.7 }] },
      { label: 'B', config: {}, reports: [{ step: 1, loss: 0.6 }] },
    ]);
    expect(csv).toBe('config,step,loss\nA,1,0.7\nB,1,0.6\n');
    expect(traceCsv([{ label: 'A', config: {}, reports: [{ step: 1, loss: 0.7 }] }])).toBe('step,loss\n1,0.7\n');
  });

  it('writes JSON with the settings of every run and its reports', () => {
    const json = JSON.parse(
      traceJson('init-lab', [{ label: 'A', config: { depth: 3 }, reports: [{ step: 1 }] }], { divergence: [null] }),
    );
    expect(json).toEqual({
      component: 'init-lab',
      divergence: [null],
      runs: [{ label: 'A', config: { depth: 3 }, steps: 1, reports: [{ step: 1 }] }],
    });
  });

  it('names files after the component, the settings and the step, in safe characters', () => {
    expect(exportFilename('gradient-trace', ['sigmoid-depth20', 'relu-depth20'], 200, 'csv', ['seed1'])).toBe(
      'gradient-trace_sigmoid-depth20_vs_relu-depth20_seed1_step200.csv',
    );
    expect(exportFilename('activation-explorer', ['Leaky ReLU/../x'], null, 'svg')).toBe(
      'activation-explorer_leaky-relu-..-x.svg',
    );
  });
});

describe('report prints', () => {
  it('are equal for equal numbers and differ in the last bit', () => {
    const r = { step: 1, loss: 0.1 + 0.2, gradNorms: [1e-14] };
    expect(fingerprint(r)).toBe(fingerprint({ step: 1, loss: 0.30000000000000004, gradNorms: [1e-14] }));
    expect(fingerprint(r)).not.toBe(fingerprint({ ...r, loss: 0.3 }));
  });
});
