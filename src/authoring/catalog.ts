/**
 * The authors' component catalog: for every component in `components/`, what it is for, an example, and what
 * each prop means, in both languages. The props tables are generated from the components' own zod schemas
 * (names, allowed values, defaults — see schema-fields.ts), so they cannot drift from what the build accepts;
 * only the sentences live here. A unit test checks that every prop of every schema has its sentence.
 */
import type { z } from 'zod';
import { activationExplorerPropsSchema } from './schemas/activation-explorer';
import { exercisePropsSchema } from './schemas/exercise';
import { objectivesPropsSchema, takeawaysPropsSchema } from './schemas/chapter-frame';
import { predictPropsSchema } from './schemas/predict';
import { gradientTracePropsSchema } from './schemas/gradient-trace';
import { initLabPropsSchema, layerHistogramsPropsSchema } from './schemas/network-lab';
import { outlierLabPropsSchema } from './schemas/outlier-lab';
import { pretrainingLabPropsSchema } from './schemas/pretraining-lab';
import {
  batchNormPropsSchema,
  clippingPropsSchema,
  reluFamilyPropsSchema,
  residualPropsSchema,
} from './schemas/remedy-labs';
import { rnnLstmPropsSchema } from './schemas/rnn-lstm-lab';
import { activationValuePropsSchema } from './schemas/activation-value';
import { clippingValuePropsSchema } from './schemas/clipping-value';
import { outlierValuePropsSchema } from './schemas/outlier-value';
import { pretrainingValuePropsSchema } from './schemas/pretraining-value';
import { networkValuePropsSchema } from './schemas/network-value';
import { remedyValuePropsSchema } from './schemas/remedy-value';
import { sequenceValuePropsSchema } from './schemas/sequence-value';
import { taskValuePropsSchema } from './schemas/task-value';
import { traceValuePropsSchema } from './schemas/trace-value';
import { describeAllowed, schemaFields } from './schema-fields';

export interface Words {
  en: string;
  zh: string;
}

export interface CatalogEntry {
  name: string;
  schema: z.ZodTypeAny;
  summary: Words;
  /** How a chapter writes it (the same in both languages). */
  usage: string;
  props: Record<string, Words>;
}

/** What the shared props mean, wherever they appear. */
const SHARED: Record<string, Words> = {
  depth: { en: 'Weight layers, the linear output layer included.', zh: '权重层数（含线性输出层）。' },
  width: { en: 'Units in each hidden layer.', zh: '每个隐藏层的单元数。' },
  activation: { en: 'The hidden layers’ activation function.', zh: '隐藏层的激活函数。' },
  leakyAlpha: { en: 'Negative-side slope of Leaky ReLU.', zh: 'Leaky ReLU 负半轴的斜率。' },
  eluAlpha: { en: 'ELU’s saturation value −α.', zh: 'ELU 的饱和值 −α。' },
  init: { en: 'How the weights are drawn (src/core/catalog.ts).', zh: '权重的初始化方式（见 src/core/catalog.ts）。' },
  initScale: {
    en: 'σ of "normal", half-width of "uniform"; the named schemes ignore it.',
    zh: '"normal" 的 σ、"uniform" 的半宽；其他命名方案忽略此项。',
  },
  batchNorm: { en: 'Batch normalisation on every hidden layer.', zh: '每个隐藏层都做批归一化。' },
  learningRate: {
    en: 'Step size of plain SGD; readers can change it while the network trains.',
    zh: '普通 SGD 的步长；读者可在训练中途修改。',
  },
  batchSize: { en: 'Examples per minibatch.', zh: '每个小批量的样本数。' },
  seed: {
    en: 'Seed of the data, the weights and the batch order: the build-time figure and a live run of the same seed agree number for number.',
    zh: '数据、权重与批次顺序的随机种子：同一种子下，构建时的图与浏览器里的实时训练逐位一致。',
  },
  steps: {
    en: 'Training steps of the build-time run that the static figure shows.',
    zh: '静态图所示的构建时训练步数。',
  },
  maxSteps: { en: 'Where a live run stops by itself.', zh: '实时训练自动停止的步数。' },
  compare: {
    en: 'A second configuration, written as the settings in which it differs: the component opens in compare mode, both on the same seed and data, on shared scales.',
    zh: '第二组配置，只写与第一组不同的设置：组件以对比模式打开，两者使用相同的随机种子和数据，坐标刻度一致。',
  },
  id: {
    en: 'Its name in shareable links (?id.depth=30). Default: its kind and position on the page; set one to keep old links working when islands are added above it.',
    zh: '它在可分享链接中的名字（?id.depth=30）。默认按类型与页面中的位置编号；若以后会在它上方添加组件，请指定一个，以免旧链接失效。',
  },
};

/** What the props of every number-for-the-prose component mean (each entry may say more of its own). */
const READING: Record<string, Words> = {
  at: { en: 'The step to read (default: the last).', zh: '读取哪一步（默认最后一步）。' },
  window: { en: 'Average over this many steps ending at "at".', zh: '对截至 "at" 的这么多步取平均。' },
  digits: { en: 'Significant digits.', zh: '有效数字位数。' },
  atLeast: { en: 'The claim the sentence makes: the number is at least this.', zh: '句子的断言：该数不小于此值。' },
  atMost: { en: 'The claim the sentence makes: the number is at most this.', zh: '句子的断言：该数不大于此值。' },
};

export const CATALOG: CatalogEntry[] = [
  {
    name: 'GradientTrace',
    schema: gradientTracePropsSchema,
    summary: {
      en: 'A deep MLP learning a 2-D task: the gradient norm of every layer now, over training and as a layer × step heat map, and the loss.',
      zh: '一个深层 MLP 学习二维任务：各层此刻的梯度范数、训练过程中的变化、层 × 步热力图，以及损失。',
    },
    usage: `<GradientTrace depth={20} activation="sigmoid" compare={{ activation: 'relu', init: 'he-normal' }} />`,
    props: {},
  },
  {
    name: 'ActivationExplorer',
    schema: activationExplorerPropsSchema,
    summary: {
      en: 'Activation functions and their derivatives on the same axes, the largest slope of each marked, and a reading of every curve at one x. No training: it never loads TensorFlow.js.',
      zh: '激活函数及其导数画在同一坐标系中，标出各自的最大斜率，并可读出各曲线在同一 x 处的值。不涉及训练，不加载 TensorFlow.js。',
    },
    usage: `<ActivationExplorer activations={['sigmoid', 'tanh']} />`,
    props: {
      activations: { en: 'The functions drawn at first.', zh: '初始绘制的函数。' },
      choices: { en: 'The functions the reader may switch on and off.', zh: '读者可以开关的函数。' },
      show: {
        en: 'Draw f and f′ ("both"), only f, or only f′ ("df").',
        zh: '同时画 f 与 f′（"both"）、只画 f，或只画 f′（"df"）。',
      },
      xMin: { en: 'Left end of the x axis.', zh: 'x 轴左端。' },
      xMax: { en: 'Right end of the x axis.', zh: 'x 轴右端。' },
      yMin: { en: 'Bottom of the y axis; curves are cut there.', zh: 'y 轴下端；曲线在此截断。' },
      yMax: { en: 'Top of the y axis; curves are cut there.', zh: 'y 轴上端；曲线在此截断。' },
      at: { en: 'Where the reading starts.', zh: '读数的初始位置。' },
    },
  },
  {
    name: 'LayerHistograms',
    schema: layerHistogramsPropsSchema,
    summary: {
      en: 'The distribution of every hidden layer’s activations (Glorot & Bengio 2010), their spread, and the loss, on the `network` experiment.',
      zh: '各隐藏层激活值的分布（Glorot 与 Bengio，2010）、其离散程度与损失，基于 `network` 实验。',
    },
    usage: `<LayerHistograms activation="tanh" init="normal" initScale={1} compare={{ init: 'xavier-normal' }} />`,
    props: {
      layers: {
        en: 'Which hidden layers to draw (1 is nearest the input).',
        zh: '要画的隐藏层（1 为最靠近输入的一层）。',
      },
    },
  },
  {
    name: 'InitLab',
    schema: initLabPropsSchema,
    summary: {
      en: 'σ or a named initialisation against depth: the spread of the forward signal after every hidden layer and the gradient norm of every layer, at initialisation and after training.',
      zh: '初始化（σ 或命名方案）与深度：刚初始化时与训练之后，各隐藏层输出信号的标准差和各层的梯度范数。',
    },
    usage: `<InitLab depth={30} activation="tanh" initScale={1.5} compare={{ init: 'xavier-normal' }} />`,
    props: {},
  },
  {
    name: 'ReluFamilyLab',
    schema: reluFamilyPropsSchema,
    summary: {
      en: 'Sigmoid, tanh, ReLU, Leaky ReLU and ELU on the same deep network: the gradient norm of every layer, the units whose input is ≤ 0 for the whole batch (dead, for ReLU) by layer and over training, and the loss. Compare two activations on shared scales.',
      zh: '同一个深层网络分别使用 sigmoid、tanh、ReLU、Leaky ReLU 与 ELU：各层的梯度范数、整批输入都 ≤ 0 的单元（对 ReLU 而言即死亡单元）在各层及训练中的比例，以及损失。可在同一刻度上对比两种激活函数。',
    },
    usage: `<ReluFamilyLab activation="sigmoid" init="xavier-normal" compare={{ activation: 'relu', init: 'he-normal' }} />`,
    props: {},
  },
  {
    name: 'BatchNormLab',
    schema: batchNormPropsSchema,
    summary: {
      en: 'The same network with and without batch normalisation: each hidden layer’s activation mean and spread, histograms of a few layers, the gradient norm of every layer, and the loss.',
      zh: '同一个网络有无批归一化的对比：各隐藏层激活值的均值与离散程度、几个层的直方图、各层的梯度范数，以及损失。',
    },
    usage: `<BatchNormLab compare={{ batchNorm: true }} />`,
    props: {},
  },
  {
    name: 'ResidualLab',
    schema: residualPropsSchema,
    summary: {
      en: 'A plain and a residual network of the same depth (up to 64 weight layers): the gradient norm of every layer, the spread of the forward signal, and the loss.',
      zh: '深度相同的普通网络与残差网络（最多 64 个权重层）：各层的梯度范数、前向信号的离散程度，以及损失。',
    },
    usage: `<ResidualLab compare={{ residual: true }} />`,
    props: {
      residual: {
        en: 'Identity shortcuts around every block of hidden layers: x + F(x).',
        zh: '每个隐藏层块都加上恒等捷径：x + F(x)。',
      },
      blockLayers: {
        en: 'Hidden layers inside each residual block (He et al.’s basic block has 2).',
        zh: '每个残差块内的隐藏层数（He 等人的基本块为 2 层）。',
      },
    },
  },
  {
    name: 'ClippingLab',
    schema: clippingPropsSchema,
    summary: {
      en: 'Gradient clipping and L1/L2 penalties: the global gradient norm before and after clipping at every step, the loss, each layer’s weight norm, and the penalty’s share of each layer’s gradient. The threshold and the penalties change while the network trains.',
      zh: '梯度裁剪与 L1/L2 正则：每一步裁剪前后的全局梯度范数、损失、各层的权重范数，以及惩罚项在各层梯度中的占比。阈值与惩罚强度可在训练中途调整。',
    },
    usage: `<ClippingLab compare={{ clip: 'none' }} />`,
    props: {
      clip: {
        en: '"norm" rescales the whole gradient to norm c when it is longer (Pascanu et al. 2013); "value" cuts each element to ±c; "none".',
        zh: '"norm"：梯度范数超过 c 时把整个梯度缩放到范数 c（Pascanu 等，2013）；"value"：把每个元素截断到 ±c；"none"：不裁剪。',
      },
      clipThreshold: {
        en: 'The threshold c; readers can change it while the network trains.',
        zh: '阈值 c；读者可在训练中途修改。',
      },
      l1: {
        en: 'α₁ of the penalty α₁·Σ‖Wₗ‖₁; readers can change it while the network trains.',
        zh: '惩罚项 α₁·Σ‖Wₗ‖₁ 中的 α₁；读者可在训练中途修改。',
      },
      l2: {
        en: 'α₂ of the penalty α₂·Σ‖Wₗ‖²; readers can change it while the network trains.',
        zh: '惩罚项 α₂·Σ‖Wₗ‖² 中的 α₂；读者可在训练中途修改。',
      },
    },
  },
  {
    name: 'OutlierLab',
    schema: outlierLabPropsSchema,
    summary: {
      en: 'A small regression network learning from inputs of which a few were recorded k times too large: the data, the loss, the gradient norm at every step and the largest example’s pull; the mean squared error against the Huber loss and standardised inputs.',
      zh: '一个小型回归网络在少数输入被记录成 k 倍的数据上学习：数据散点、损失、每一步的梯度范数与最大样本的影响力；对比均方误差、Huber 损失与输入标准化。',
    },
    usage: `<OutlierLab compare={{ loss: 'huber' }} />`,
    props: {
      outlierFraction: {
        en: 'Share of the training inputs that are outliers.',
        zh: '训练输入中异常值所占的比例。',
      },
      outlierScale: { en: 'k: an outlier’s input is k times what it should be.', zh: 'k：异常输入是其真实值的 k 倍。' },
      loss: {
        en: '"mse" (the whole residual pulls) or "huber" (residuals beyond δ pull with a constant force).',
        zh: '"mse"（残差全部回传）或 "huber"（超过 δ 的残差只以恒定力度回传）。',
      },
      huberDelta: {
        en: 'Huber’s δ; readers can change it while the network trains.',
        zh: 'Huber 损失的 δ；读者可在训练中途修改。',
      },
      standardize: {
        en: 'Replace the inputs by z-scores with the training set’s mean and standard deviation.',
        zh: '用训练集的均值与标准差把输入换成 z 分数。',
      },
      depth: {
        en: 'Weight layers of the regression network, the linear output layer included.',
        zh: '回归网络的权重层数（含线性输出层）。',
      },
      learningRate: {
        en: 'Step size of plain gradient descent; readers can change it while the network trains.',
        zh: '普通梯度下降的步长；读者可在训练中途修改。',
      },
    },
  },
  {
    name: 'PretrainingLab',
    schema: pretrainingLabPropsSchema,
    summary: {
      en: 'Greedy layer-wise pre-training, then fine-tuning, against the same network from its random initial weights, both in one run: each layer’s reconstruction error, the two fine-tuning losses, and the gradient norm of every layer of both.',
      zh: '逐层贪心预训练后再微调，与同一网络从随机初始权重直接训练对比，二者在同一次运行中同步进行：各层的重构误差、两条微调损失曲线，以及两者各层的梯度范数。',
    },
    usage: `<PretrainingLab />`,
    props: {
      activation: {
        en: 'sigmoid or tanh: the saturating units pre-training was invented for.',
        zh: 'sigmoid 或 tanh：预训练当初要解决的正是这类会饱和的单元。',
      },
      pretrainSteps: {
        en: 'Autoencoder steps for each hidden layer, one layer after the other (0: no pre-training).',
        zh: '每个隐藏层作为自编码器训练的步数，逐层依次进行（0 表示不预训练）。',
      },
      pretrainLearningRate: { en: 'Step size of the autoencoders’ SGD.', zh: '自编码器 SGD 的步长。' },
      learningRate: {
        en: 'Step size of fine-tuning (plain SGD, both networks); readers can change it while they train.',
        zh: '微调的步长（普通 SGD，两个网络相同）；读者可在训练中途修改。',
      },
      steps: {
        en: 'Steps of the build-time run, pre-training included: (depth − 1) × pretrainSteps, then fine-tuning.',
        zh: '构建时训练的总步数，含预训练：先是 (depth − 1) × pretrainSteps 步，其余为微调。',
      },
    },
  },
  {
    name: 'RnnLstmLab',
    schema: rnnLstmPropsSchema,
    summary: {
      en: 'An RNN and an LSTM on a recall task: ‖∂L/∂hₜ‖ at every time step t on a log axis, the loss and the accuracy; the sequence length T and the LSTM’s forget-gate bias are settings.',
      zh: 'RNN 与 LSTM 在回忆任务上的对比：对数坐标下各时间步 t 的 ‖∂L/∂hₜ‖、损失与准确率；序列长度 T 与 LSTM 的遗忘门偏置均可调。',
    },
    usage: `<RnnLstmLab compare={{ cell: 'lstm' }} />`,
    props: {
      cell: { en: '"rnn" (a tanh RNN) or "lstm".', zh: '"rnn"（tanh 循环网络）或 "lstm"。' },
      length: {
        en: 'T: the cue comes at step 1 and must be named after step T. An LSTM step costs about 1 ms per time step.',
        zh: 'T：提示在第 1 步出现，须在第 T 步之后说出。LSTM 每个时间步约耗时 1 毫秒。',
      },
      hiddenSize: { en: 'Units of the hidden state.', zh: '隐藏状态的单元数。' },
      forgetBias: {
        en: 'The LSTM’s initial forget-gate bias: σ(b) of the cell state is kept per step at first (the RNN ignores it).',
        zh: 'LSTM 遗忘门的初始偏置：起初每步保留 σ(b) 的细胞状态（RNN 忽略此项）。',
      },
      learningRate: {
        en: 'Adam’s step size; readers can change it while the network trains.',
        zh: 'Adam 的步长；读者可在训练中途修改。',
      },
    },
  },
  {
    name: 'TraceValue',
    schema: traceValuePropsSchema,
    summary: {
      en: 'One number for the prose, read from the same seeded build-time run a <GradientTrace> with the same settings draws; the build fails if the number stops agreeing with the sentence.',
      zh: '正文中引用的一个数，取自与同设置 <GradientTrace> 相同的构建时训练；若数值不再符合句子的说法，构建即失败。',
    },
    usage: `<TraceValue value="ratio" at={1} depth={20} atMost={1e-10} />`,
    props: {
      ...READING,
      value: {
        en: 'ratio: ‖∂L/∂W₁‖ / ‖∂L/∂W_L‖; per-layer: its (L−1)-th root; first-layer, last-layer: those norms; loss; accuracy.',
        zh: 'ratio：‖∂L/∂W₁‖ / ‖∂L/∂W_L‖；per-layer：其 L−1 次方根；first-layer、last-layer：对应的范数；loss：损失；accuracy：准确率。',
      },
    },
  },
  {
    name: 'NetworkValue',
    schema: networkValuePropsSchema,
    summary: {
      en: 'One number for the prose, read from the same seeded build-time run of the `network` experiment that an <InitLab> or <LayerHistograms> with the same settings and steps draws: gradients as <TraceValue> reads them, and the forward pass (the spread of the signal, of the pre-activations, the mean activation of a layer), or the step at which the run diverged. The build fails if the number stops agreeing with the sentence.',
      zh: '正文中引用的一个数，取自与设置和步数相同的 <InitLab> 或 <LayerHistograms> 同一次 `network` 实验的构建时训练：可读梯度（与 <TraceValue> 相同），也可读前向传播（信号与预激活值的离散程度、某层激活值的均值），或训练发散的步数。若数值不再符合句子的说法，构建即失败。',
    },
    usage: `<NetworkValue value="signal-per-layer" steps={1} depth={30} activation="tanh" init="normal" initScale={0.1} atMost={0.6} />`,
    props: {
      ...READING,
      value: {
        en: 'ratio, per-layer, first-layer, last-layer, loss, accuracy: as <TraceValue>; max-gradient: the largest ‖∂L/∂W_l‖; signal-ratio: spread of the last hidden layer’s output over the first’s; signal-per-layer: its (H−1)-th root; max-unit-spread: the largest unit-spread; gradient, signal, pre-std, act-mean, unit-spread (the largest difference between a unit’s incoming weights and bias and the first unit’s; 0: all units alike): of one layer; diverged-at: the step at which the run stopped being finite.',
        zh: 'ratio、per-layer、first-layer、last-layer、loss、accuracy：同 <TraceValue>；max-gradient：最大的 ‖∂L/∂W_l‖；signal-ratio：最后一个隐藏层输出的标准差与第一个之比；signal-per-layer：其 H−1 次方根；max-unit-spread：各层 unit-spread 的最大值；gradient、signal、pre-std、act-mean、unit-spread：某一层的梯度范数、输出标准差、预激活值标准差、激活均值、各单元的输入权重和偏置与第一个单元之差的最大值（为 0 即所有单元相同）；diverged-at：训练发散（不再是有限数）的步数。',
      },
      layer: {
        en: 'The layer that gradient (1 … depth), signal, pre-std, act-mean and unit-spread (hidden layers 1 … depth − 1) read; only for those.',
        zh: 'gradient（1 … depth）以及 signal、pre-std、act-mean、unit-spread（隐藏层 1 … depth − 1）读取的层；只用于这几种值。',
      },
      steps: {
        en: 'Training steps of the build-time run: write the same as the figure’s, so that both read one run.',
        zh: '构建时训练的步数：与对应的图写成一样，两者才读同一次训练。',
      },
    },
  },
  {
    name: 'RemedyValue',
    schema: remedyValuePropsSchema,
    summary: {
      en: 'One number for the prose, read from the very build-time run that a <ReluFamilyLab>, <BatchNormLab> or <ResidualLab> with the same settings draws: name the lab and write only the settings in which the figure differs from that lab’s defaults. Besides the readings of <NetworkValue>, it reads the units whose input is ≤ 0 for the whole batch (dead, for ReLU), as percentages. The build fails if the number stops agreeing with the sentence.',
      zh: '正文中引用的一个数，取自与设置相同的 <ReluFamilyLab>、<BatchNormLab> 或 <ResidualLab> 的同一次构建时训练：写明是哪个实验组件，只写与该组件默认值不同的设置即可。除了 <NetworkValue> 的各种读数，还能读出对整批输入都 ≤ 0 的单元（对 ReLU 而言即死亡单元）的比例，以百分数显示。若数值不再符合句子的说法，构建即失败。',
    },
    usage: `<RemedyValue lab="ReluFamilyLab" learningRate={1} value="dead-share" atLeast={0.5} />`,
    props: {
      ...READING,
      lab: {
        en: 'The lab whose run the number comes from; its defaults (and its steps) fill in every setting not written here.',
        zh: '数值所取自的实验组件；此处没写的设置（以及步数）都取该组件的默认值。',
      },
      value: {
        en: 'As <NetworkValue> (ratio, per-layer, first-layer, last-layer, max-gradient, loss, accuracy, signal-ratio, signal-per-layer, max-unit-spread; gradient, signal, pre-std, act-mean, unit-spread of one layer; diverged-at), and dead: the share of one hidden layer’s units whose input is ≤ 0 for the whole batch; dead-share: that share over all hidden units.',
        zh: '同 <NetworkValue>（ratio、per-layer、first-layer、last-layer、max-gradient、loss、accuracy、signal-ratio、signal-per-layer、max-unit-spread；某一层的 gradient、signal、pre-std、act-mean、unit-spread；diverged-at），另有 dead：某个隐藏层中对整批输入都 ≤ 0 的单元所占比例；dead-share：这一比例在全部隐藏单元上的值。',
      },
      residual: {
        en: 'Identity shortcuts around every block of hidden layers (<ResidualLab> only).',
        zh: '每个隐藏层块都加上恒等捷径（仅限 <ResidualLab>）。',
      },
      blockLayers: {
        en: 'Hidden layers inside each residual block (<ResidualLab> only).',
        zh: '每个残差块内的隐藏层数（仅限 <ResidualLab>）。',
      },
      layer: {
        en: 'The layer that gradient (1 … depth), signal, pre-std, act-mean and dead (hidden layers 1 … depth − 1) read; only for those.',
        zh: 'gradient（1 … depth）以及 signal、pre-std、act-mean、dead（隐藏层 1 … depth − 1）读取的层；只用于这几种值。',
      },
      steps: {
        en: 'Training steps of the build-time run; leave it out to read the lab’s own static figure, or write the figure’s.',
        zh: '构建时训练的步数；不写则读该组件静态图的那次训练，否则写成与对应的图一样。',
      },
    },
  },
  {
    name: 'SequenceValue',
    schema: sequenceValuePropsSchema,
    summary: {
      en: 'One number for the prose, read from the same seeded build-time run of the `sequence` experiment that an <RnnLstmLab> with the same settings and steps draws: how much of the gradient at the last time step reaches the first, the loss, the accuracy, the LSTM’s mean forget gate, the gradient’s norm before clipping, or the step at which the run diverged. The build fails if the number stops agreeing with the sentence.',
      zh: '正文中引用的一个数，取自与设置和步数相同的 <RnnLstmLab> 同一次 `sequence` 实验的构建时训练：最后一个时间步的梯度有多少传到第一个时间步、损失、准确率、LSTM 遗忘门的均值、裁剪前的梯度范数，或训练发散的步数。若数值不再符合句子的说法，构建即失败。',
    },
    usage: `<SequenceValue value="reach" length={50} steps={1} atMost={1e-5} />`,
    props: {
      ...READING,
      value: {
        en: 'reach: ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖; per-step: its (T−1)-th root; loss; accuracy (a percentage); forget-gate: the LSTM’s mean forget gate (cell="lstm" only); norm-before: the global gradient norm before clipping; diverged-at: the step at which the run stopped being finite.',
        zh: 'reach：‖∂L/∂h₁‖ / ‖∂L/∂h_T‖；per-step：其 T−1 次方根；loss：损失；accuracy：准确率（百分数）；forget-gate：LSTM 遗忘门的均值（仅限 cell="lstm"）；norm-before：裁剪前的整体梯度范数；diverged-at：训练发散（不再是有限数）的步数。',
      },
      cell: { en: 'The recurrent cell of the run: "rnn" or "lstm".', zh: '这次训练的循环单元："rnn" 或 "lstm"。' },
      length: {
        en: 'Sequence length T: the cue comes at t = 1 and is asked for after step T.',
        zh: '序列长度 T：提示在 t = 1 出现，在第 T 步之后作答。',
      },
      hiddenSize: {
        en: 'Units of the hidden state (and of the LSTM’s cell).',
        zh: '隐藏状态（以及 LSTM 细胞状态）的单元数。',
      },
      forgetBias: {
        en: 'The LSTM’s initial forget-gate bias (the RNN ignores it).',
        zh: 'LSTM 遗忘门的初始偏置（RNN 忽略此项）。',
      },
      learningRate: { en: 'Adam’s step size.', zh: 'Adam 的步长。' },
      steps: {
        en: 'Training steps of the build-time run: write the same as the figure’s, so that both read one run.',
        zh: '构建时训练的步数：与对应的图写成一样，两者才读同一次训练。',
      },
    },
  },
  {
    name: 'ActivationValue',
    schema: activationValuePropsSchema,
    summary: {
      en: 'f(x) or f′(x) of one activation at one point, for the prose, from the same table the <ActivationExplorer> draws; the build fails if the number stops agreeing with the sentence.',
      zh: '某个激活函数在某一点的函数值 f(x) 或导数 f′(x)，供正文引用，取自 <ActivationExplorer> 所画的同一张表；若数值不再符合句子的说法，构建即失败。',
    },
    usage: `<ActivationValue activation="sigmoid" value="df" at={5} atMost={0.01} />`,
    props: {
      ...READING,
      activation: { en: 'The activation function.', zh: '激活函数。' },
      value: { en: 'f: the function’s value; df: its derivative.', zh: 'f：函数值；df：导数。' },
      at: { en: 'The point x.', zh: '取值点 x。' },
    },
  },
  {
    name: 'TaskValue',
    schema: taskValuePropsSchema,
    summary: {
      en: 'A number about the circle task’s data set itself, the seeded 512 points that <GradientTrace>, the network labs and <PretrainingLab> learn from: the share of points inside the circle, or H(p), the cross-entropy of answering that share for every point — the loss of a network that ignores its input. The build fails if the number stops agreeing with the sentence.',
      zh: '关于圆形任务数据集本身的一个数，即 <GradientTrace>、各网络实验和 <PretrainingLab> 所学习的那 512 个带随机种子的点：圆内点所占的比例，或 H(p)，即对每个点都回答这个比例时的交叉熵——一个忽略输入的网络的损失。若数值不再符合句子的说法，构建即失败。',
    },
    usage: `<TaskValue value="base-loss" atLeast={0.6} atMost={0.7} />`,
    props: {
      digits: READING.digits!,
      atLeast: READING.atLeast!,
      atMost: READING.atMost!,
      value: {
        en: 'base-rate: the share of the points inside the circle; base-loss: H(p), in nats.',
        zh: 'base-rate：圆内点所占的比例；base-loss：H(p)，单位为奈特。',
      },
      seed: {
        en: 'The seed the data set is drawn from, as in the labs.',
        zh: '生成数据集所用的随机种子，与各实验相同。',
      },
    },
  },
  {
    name: 'OutlierValue',
    schema: outlierValuePropsSchema,
    summary: {
      en: 'One number for the prose, read from the same seeded build-time run of the `outliers` experiment that an <OutlierLab> with the same settings and steps draws — the loss, the gradient norm and the largest example’s pull at a step or over the run, or the step at which the run diverged — or from the very data it learns from. Its settings default to the lab’s. The build fails if the number stops agreeing with the sentence.',
      zh: '正文中引用的一个数，取自与设置和步数相同的 <OutlierLab> 同一次 `outliers` 实验的构建时训练——某一步或整个训练过程中的损失、梯度范数、最大样本的影响力，或训练发散的步数——也可以取自它所学习的那组数据。各项设置默认与该组件相同。若数值不再符合句子的说法，构建即失败。',
    },
    usage: `<OutlierValue value="max-gradient" outlierScale={100} loss="huber" atMost={50} />`,
    props: {
      ...READING,
      outlierFraction: {
        en: 'As <OutlierLab>: share of the training inputs that are outliers.',
        zh: '同 <OutlierLab>：训练输入中异常值所占的比例。',
      },
      outlierScale: {
        en: 'As <OutlierLab>: k, an outlier’s input is k times what it should be.',
        zh: '同 <OutlierLab>：k，异常输入是其真实值的 k 倍。',
      },
      loss: { en: 'As <OutlierLab>: "mse" or "huber".', zh: '同 <OutlierLab>："mse" 或 "huber"。' },
      huberDelta: { en: 'As <OutlierLab>: Huber’s δ.', zh: '同 <OutlierLab>：Huber 损失的 δ。' },
      standardize: {
        en: 'As <OutlierLab>: replace the inputs by z-scores with the training set’s mean and standard deviation.',
        zh: '同 <OutlierLab>：用训练集的均值与标准差把输入换成 z 分数。',
      },
      depth: {
        en: 'As <OutlierLab>: weight layers of the regression network.',
        zh: '同 <OutlierLab>：回归网络的权重层数。',
      },
      learningRate: {
        en: 'As <OutlierLab>: step size of plain gradient descent.',
        zh: '同 <OutlierLab>：普通梯度下降的步长。',
      },
      value: {
        en: 'loss, gradient (‖∂L/∂θ‖), pull (the batch’s largest example’s share of the gradient over its median one’s): at one step; max-gradient, peak-at (its step), median-gradient, max-pull: over steps 1 … at; largest-input: the largest |x| the network receives; clean-range: the width of the interval its clean inputs occupy (both after standardising, if the run standardises); diverged-at: the step at which the run stopped being finite.',
        zh: 'loss、gradient（‖∂L/∂θ‖）、pull（批内贡献最大的样本与中位样本的梯度份额之比）：某一步的值；max-gradient、peak-at（其所在步）、median-gradient、max-pull：第 1 … at 步中的值；largest-input：网络收到的最大 |x|；clean-range：正常输入所占区间的宽度（若训练做了标准化，两者都按标准化后计）；diverged-at：训练发散（不再是有限数）的步数。',
      },
      steps: {
        en: 'Training steps of the build-time run: write the same as the figure’s (default 300, the lab’s), so that both read one run.',
        zh: '构建时训练的步数：与对应的图写成一样（默认 300，与该组件相同），两者才读同一次训练。',
      },
    },
  },
  {
    name: 'PretrainingValue',
    schema: pretrainingValuePropsSchema,
    summary: {
      en: 'One number for the prose, read from the same seeded build-time run of the `pretraining` experiment that a <PretrainingLab> with the same settings and steps draws: a hidden layer’s reconstruction error during its pre-training, or the loss, accuracy or gradients of the pre-trained or the randomly initialised network during fine-tuning. Its settings default to the lab’s. The build fails if the number stops agreeing with the sentence.',
      zh: '正文中引用的一个数，取自与设置和步数相同的 <PretrainingLab> 同一次 `pretraining` 实验的构建时训练：某个隐藏层预训练时的重构误差，或微调时预训练网络、随机初始化网络的损失、准确率与梯度。各项设置默认与该组件相同。若数值不再符合句子的说法，构建即失败。',
    },
    usage: `<PretrainingValue value="loss" arm="random" window={100} atLeast={0.65} />`,
    props: {
      ...READING,
      activation: { en: 'As <PretrainingLab>: sigmoid or tanh.', zh: '同 <PretrainingLab>：sigmoid 或 tanh。' },
      pretrainSteps: {
        en: 'As <PretrainingLab>: autoencoder steps for each hidden layer.',
        zh: '同 <PretrainingLab>：每个隐藏层作为自编码器训练的步数。',
      },
      pretrainLearningRate: {
        en: 'As <PretrainingLab>: step size of the autoencoders’ SGD.',
        zh: '同 <PretrainingLab>：自编码器 SGD 的步长。',
      },
      learningRate: { en: 'As <PretrainingLab>: step size of fine-tuning.', zh: '同 <PretrainingLab>：微调的步长。' },
      value: {
        en: 'loss, accuracy (a percentage), gradient (‖∂L/∂W_l‖ of one layer), ratio (‖∂L/∂W₁‖ / ‖∂L/∂W_L‖): of one arm at a fine-tuning step; reconstruction: the share of one hidden layer’s input it cannot reconstruct, at a step of its own pre-training.',
        zh: 'loss、accuracy（百分数）、gradient（某一层的 ‖∂L/∂W_l‖）、ratio（‖∂L/∂W₁‖ / ‖∂L/∂W_L‖）：某个网络在微调某一步的值；reconstruction：某个隐藏层在其自身预训练某一步时，输入中未能重构的比例。',
      },
      arm: {
        en: 'Which network: "pretrained", or "random" (the same network fine-tuned from its random initial weights); for every value but reconstruction.',
        zh: '哪个网络："pretrained"（预训练的），或 "random"（同一网络从随机初始权重直接微调）；除 reconstruction 外的各种值都需要。',
      },
      layer: {
        en: 'The layer of gradient (1 … depth) and of reconstruction (hidden layers 1 … depth − 1); only for those.',
        zh: 'gradient（1 … depth）和 reconstruction（隐藏层 1 … depth − 1）读取的层；只用于这两种值。',
      },
      steps: {
        en: 'Steps of the build-time run, pre-training included: write the same as the figure’s (default 2600, the lab’s), so that both read one run.',
        zh: '构建时训练的步数（含预训练）：与对应的图写成一样（默认 2600，与该组件相同），两者才读同一次训练。',
      },
      at: {
        en: 'The step to read: of fine-tuning (1 … steps − pre-training), or of the layer’s pre-training for reconstruction (default: the last).',
        zh: '读取哪一步：微调的第几步（1 … steps − 预训练步数），reconstruction 则是该层预训练的第几步（默认最后一步）。',
      },
    },
  },
  {
    name: 'ClippingValue',
    schema: clippingValuePropsSchema,
    summary: {
      en: 'One number for the prose, read from the same seeded build-time run of the `network` experiment that a <ClippingLab> with the same settings and steps draws: the global gradient norm before and after clipping, how often clipping acted, the weights’ norms, the penalty’s share of the gradient, the loss, or the step at which the run diverged. Its settings default to the lab’s. The build fails if the number stops agreeing with the sentence.',
      zh: '正文中引用的一个数，取自与设置和步数相同的 <ClippingLab> 同一次 `network` 实验的构建时训练：裁剪前后的全局梯度范数、裁剪生效的次数、权重范数、惩罚项在梯度中的占比、损失，或训练发散的步数。各项设置默认与该组件相同。若数值不再符合句子的说法，构建即失败。',
    },
    usage: `<ClippingValue value="diverged-at" clip="none" atMost={10} />`,
    props: {
      ...READING,
      clip: { en: 'As <ClippingLab>: "norm", "value" or "none".', zh: '同 <ClippingLab>："norm"、"value" 或 "none"。' },
      clipThreshold: { en: 'As <ClippingLab>: the threshold c.', zh: '同 <ClippingLab>：阈值 c。' },
      l1: { en: 'As <ClippingLab>: α₁ of the penalty α₁·Σ‖Wₗ‖₁.', zh: '同 <ClippingLab>：惩罚项 α₁·Σ‖Wₗ‖₁ 中的 α₁。' },
      l2: { en: 'As <ClippingLab>: α₂ of the penalty α₂·Σ‖Wₗ‖².', zh: '同 <ClippingLab>：惩罚项 α₂·Σ‖Wₗ‖² 中的 α₂。' },
      value: {
        en: 'loss, accuracy (a percentage), norm-before, norm-after (the global gradient norm before and after clipping), weight-norm (Σ_l ‖W_l‖, or one layer’s), penalty-share (the penalty’s share of the gradient, a percentage: the layers’ mean, or one layer’s): at one step; max-norm, clipped-steps, last-clipped: over steps 1 … at; diverged-at: the step at which the run stopped being finite.',
        zh: 'loss、accuracy（百分数）、norm-before、norm-after（裁剪前后的全局梯度范数）、weight-norm（Σ_l ‖W_l‖，或某一层的）、penalty-share（惩罚项在梯度中的占比，百分数：各层的平均，或某一层的）：某一步的值；max-norm、clipped-steps、last-clipped：第 1 … at 步中的最大范数、裁剪生效的步数、最后一次裁剪的步数；diverged-at：训练发散（不再是有限数）的步数。',
      },
      layer: {
        en: 'The layer of weight-norm and penalty-share (1 … depth); without it, all layers.',
        zh: 'weight-norm 和 penalty-share 读取的层（1 … depth）；不写则取全部层。',
      },
      steps: {
        en: 'Training steps of the build-time run: write the same as the figure’s (default 200, the lab’s), so that both read one run.',
        zh: '构建时训练的步数：与对应的图写成一样（默认 200，与该组件相同），两者才读同一次训练。',
      },
    },
  },
  {
    name: 'Exercise',
    schema: exercisePropsSchema,
    summary: {
      en: 'A question, with an answer that opens on click (works without JavaScript): put the answer in <Fragment slot="answer">.',
      zh: '一道练习题，答案点击后展开（无需 JavaScript）：答案写在 <Fragment slot="answer"> 里。',
    },
    usage: `<Exercise title="Count the factors">How many factors… <Fragment slot="answer">Nineteen…</Fragment></Exercise>`,
    props: {
      title: { en: 'A short title shown after "Exercise".', zh: '显示在“练习”之后的简短标题。' },
    },
  },
  {
    name: 'Predict',
    schema: predictPropsSchema,
    summary: {
      en: 'Predict, then run: a question about what the lab beside it is about to show, with two to five choices as a Markdown list. The reader picks one and sees whether the run agrees; the answer and why are behind a disclosure, with a link to the lab. No script: radio buttons and a <details>. The answer must hold on the lab’s own settings, and its words belong in the chapter’s claims test.',
      zh: '先预测，再运行：就旁边的实验即将显示的结果提一个问题，选项写成 Markdown 列表（2 到 5 项）。读者选定后即可看到运行结果是否与之相符；答案与解释收在可展开的区域里，并附有指向该实验的链接。不需要脚本：单选按钮加 <details>。答案必须在该实验自身的设置下成立，答案中的文字说法要写进本章的断言测试。',
    },
    usage: `<Predict correct={2} lab="gt1">
After 200 steps, how does the first layer's gradient compare with the last layer's?

- About the same
- Smaller, by more than ten orders of magnitude
- Larger

<Fragment slot="answer">Why, in a few sentences, and what to press in the lab.</Fragment>
</Predict>`,
    props: {
      correct: {
        en: 'Which choice is right, counting from 1; both editions list the choices in the same order.',
        zh: '第几个选项正确（从 1 数起）；两个版本的选项顺序必须一致。',
      },
      lab: {
        en: 'The id of the lab on the same page whose run holds the answer: its id prop, or its default (gt1, il2, …); the reader is sent there, and the build checks that it exists.',
        zh: '答案所依据的实验在同一页上的 id：它的 id 属性，或默认 id（gt1、il2 等）；读者会被引到那里，构建时检查它是否存在。',
      },
    },
  },
  {
    name: 'Objectives',
    schema: objectivesPropsSchema,
    summary: {
      en: 'What the reader will be able to do after the chapter: first on the page, before the opening paragraph. One Markdown list of three to five lines, each starting with a verb; a labelled region, not in the table of contents.',
      zh: '学完本章后读者能做到什么：放在页面最前面、开篇段落之前。内容为一个 3 到 5 行的 Markdown 列表，每行以动词开头；它是一个带标签的区域，不进入目录。',
    },
    usage: `<Objectives>
- explain why …
- predict …
- choose …
</Objectives>`,
    props: {},
  },
  {
    name: 'Takeaways',
    schema: takeawaysPropsSchema,
    summary: {
      en: 'What to keep from the chapter: last, just before the exercises. One Markdown list of three to five lines, under a heading of its own that stays out of the table of contents.',
      zh: '本章需要记住的要点：放在最后、练习之前。内容为一个 3 到 5 行的 Markdown 列表，带有自己的标题，但不进入目录。',
    },
    usage: `<Takeaways>
- The gradient of layer l is a product of …
- …
- …
</Takeaways>`,
    props: {},
  },
];

export interface PropRow {
  name: string;
  allowed: string;
  default: string;
  required: boolean;
  description: string;
}

function showDefault(v: unknown): string {
  if (v === undefined) return '';
  return typeof v === 'string'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map((x) => JSON.stringify(x)).join(', ')}]`
      : String(v);
}

/** The props table of one component, in the page's language. */
export function propRows(entry: CatalogEntry, lang: keyof Words): PropRow[] {
  return schemaFields(entry.schema).map(([name, info]) => ({
    name,
    allowed: describeAllowed(info.type, lang) ?? '',
    default: showDefault(info.default),
    required: !info.optional,
    description: (entry.props[name] ?? SHARED[name])?.[lang] ?? '',
  }));
}
