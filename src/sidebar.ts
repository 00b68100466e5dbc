/**
 * The course map. Only pages that exist are listed; the remaining chapters join this list as they are written.
 * Labels are translated here because Starlight reads sidebar labels from the config, not from the pages.
 */
export const sidebar = [
  {
    label: 'Start here',
    translations: { 'zh-CN': '开始' },
    items: [{ label: 'Course home', translations: { 'zh-CN': '课程首页' }, link: '/' }],
  },
  {
    label: 'Causes',
    translations: { 'zh-CN': '成因' },
    items: [
      { slug: 'causes/deep-networks' },
      { slug: 'causes/activations' },
      { slug: 'causes/weights' },
      { slug: 'causes/other' },
    ],
  },
  {
    label: 'Remedies',
    translations: { 'zh-CN': '解决方案' },
    items: [
      { slug: 'remedies/pretraining' },
      { slug: 'remedies/clipping-regularization' },
      { slug: 'remedies/relu-family' },
      { slug: 'remedies/batch-norm' },
      { slug: 'remedies/residual' },
      { slug: 'remedies/lstm' },
    ],
  },
  { slug: 'references' },
];
