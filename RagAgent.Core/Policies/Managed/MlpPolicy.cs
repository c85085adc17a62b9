using RagAgent.Core.Distributions;
using RagAgent.Core.Nn;
using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Core.Policies.Managed;

/// <summary>
/// Architecture <c>mlp</c>: separate actor and critic multilayer perceptrons over one flat input vector (CleanRL's
/// PPO agent). Hidden layers use <see cref="PolicyOptions.HiddenSizes"/> and <see cref="PolicyOptions.Activation"/>;
/// weights are orthogonal with gain √2 on hidden layers, 0.01 on the actor output and 1 on the critic output,
/// biases zero.
/// </summary>
/// <remarks>
/// <para>The flat input of a row is the concatenation of the parts the spec has, in this order:
/// <c>Globals [GlobalFeatureSize]</c>, <c>GoalFeatures [GoalFeatureSize]</c>, one-hot <c>TaskId [NumTasks]</c> (when
/// NumTasks &gt; 1 and <see cref="PolicyOptions.TaskIdEmbedding"/> resolves to <c>always</c>: a one-hot input times
/// the first layer is a learned vector per task id), <c>NodeFeatures [MaxNodes · NodeFeatureSize]</c> and
/// <c>NodeMask [MaxNodes]</c> as 0/1 (when MaxNodes &gt; 0). Node ids are not used: envs whose nodes are identified
/// by id should use <see cref="TaskNodePolicy"/>, which embeds them; <see cref="PolicyOptions.NodeIdEmbedding"/>
/// <c>always</c> and any <see cref="PolicyOptions.EmbeddingSize"/> are refused.</para>
/// <para>Parameters: <c>actor.{0,2,…}.weight/bias</c> and <c>critic.{0,2,…}.weight/bias</c> (PyTorch
/// <c>nn.Sequential</c> names, weights <c>[out, in]</c>). Logits of actions the row's mask forbids are
/// <see cref="ActionMasking.MaskedLogit"/> and receive no gradient.</para>
/// </remarks>
public sealed class MlpPolicy : ManagedActorCritic
{
    private readonly Mlp _actor;
    private readonly Mlp _critic;
    private readonly int _taskWidth;
    private float[] _input = [];

    /// <summary>Builds the network with weights drawn from <paramref name="seed"/> (same seed, same weights).</summary>
    /// <param name="spec">Observation and action spec.</param>
    /// <param name="options">Hidden sizes, activation and task-id input; Architecture must be <c>mlp</c> or <c>auto</c>
    /// resolving to it.</param>
    /// <param name="seed">Seed of the weight initialisation.</param>
    /// <exception cref="ArgumentException">Invalid spec or options, or an option the mlp cannot honour (names it).</exception>
    public MlpPolicy(EnvSpec spec, PolicyOptions options, int seed)
        : this(spec, Resolve(spec, options))
    {
        var random = new EnvRandom(seed);
        float hiddenGain = MathF.Sqrt(2f);
        _actor.Initialize(random, hiddenGain, 0.01f);
        _critic.Initialize(random, hiddenGain, 1f);
    }

    /// <summary>The network with every weight zero, for a checkpoint's weights to be imported into (no initialisation work).</summary>
    internal static MlpPolicy ForImport(EnvSpec spec, PolicyOptions options) => new(spec, Resolve(spec, options));

    private MlpPolicy(EnvSpec spec, PolicyOptions resolved)
        : base(spec, resolved)
    {
        _taskWidth = resolved.TaskIdEmbedding == IdEmbedding.Always ? spec.NumTasks : 0;
        InputSize = InputSizeFor(spec, _taskWidth);
        if (InputSize == 0)
        {
            throw new ArgumentException($"EnvSpec '{spec.Id}' gives the mlp policy no input: it has no globals, goal features, tasks or nodes.", nameof(spec));
        }

        _actor = new Mlp(Parameters, "actor", InputSize, resolved.HiddenSizes, spec.NumActions, resolved.Activation);
        _critic = new Mlp(Parameters, "critic", InputSize, resolved.HiddenSizes, 1, resolved.Activation);
    }

    /// <summary>Width of the flat input vector (see the remarks for its layout).</summary>
    public int InputSize { get; }

    /// <summary>
    /// The options an mlp network builds from <paramref name="options"/> for <paramref name="spec"/>: architecture
    /// <c>mlp</c>, node ids <c>never</c>, task ids <c>always</c> when they are one-hot encoded (more than one task,
    /// and <c>always</c>, or <c>auto</c> without goal features), else <c>never</c>.
    /// </summary>
    /// <exception cref="ArgumentException">An option the mlp cannot honour, naming it.</exception>
    public static PolicyOptions Resolve(EnvSpec spec, PolicyOptions options)
    {
        ValidateArguments(spec, options, PolicyArchitecture.Mlp);
        if (options.EmbeddingSize is int size)
        {
            throw new ArgumentException(
                $"PolicyOptions.EmbeddingSize is {size} but the mlp architecture has no embeddings; leave it unset or use task-node.", nameof(options));
        }

        if (options.NodeIdEmbedding == IdEmbedding.Always && spec.NodeVocabSize > 0)
        {
            throw new ArgumentException(
                "PolicyOptions.NodeIdEmbedding is 'always' but the mlp architecture does not read node ids; use task-node, or 'auto' or 'never'.", nameof(options));
        }

        bool manyTasks = spec.NumTasks > 1;
        if (options.TaskIdEmbedding == IdEmbedding.Never && manyTasks && spec.GoalFeatureSize == 0)
        {
            throw new ArgumentException(
                $"PolicyOptions.TaskIdEmbedding is 'never' but '{spec.Id}' gives no goal features: the policy would see nothing of the task.", nameof(options));
        }

        bool oneHot = manyTasks && options.TaskIdEmbedding switch
        {
            IdEmbedding.Always => true,
            IdEmbedding.Auto => spec.GoalFeatureSize == 0,
            _ => false,
        };
        return options with
        {
            Architecture = PolicyArchitecture.Mlp,
            HiddenSizes = [.. options.HiddenSizes],
            NodeIdEmbedding = IdEmbedding.Never,
            TaskIdEmbedding = oneHot ? IdEmbedding.Always : IdEmbedding.Never,
        };
    }

    private protected override void ForwardCore(ObservationBatch batch, int count, Span<float> logits, Span<float> values)
    {
        WriteInput(batch, count, _input);
        ReadOnlySpan<float> input = _input.AsSpan(0, count * InputSize);
        _actor.Forward(input, count).CopyTo(logits);
        batch.ActionMasks.AsSpan(0, logits.Length).CopyTo(ActionMasks);
        _critic.Forward(input, count).CopyTo(values);
    }

    private protected override void BackwardCore(ReadOnlySpan<float> logitGradients, ReadOnlySpan<float> valueGradients, int count)
    {
        ReadOnlySpan<float> input = _input.AsSpan(0, count * InputSize);
        _actor.Backward(input, logitGradients, [], count);
        _critic.Backward(input, valueGradients, [], count);
    }

    private protected override void ResizeBatchBuffers(int capacity) => _input = new float[capacity * InputSize];

    private protected override ManagedActorCritic CreateUninitialized() => new MlpPolicy(Spec, Options);

    /// <summary>Writes the flat input rows [0, <paramref name="count"/>) of <paramref name="batch"/> (layout in the remarks).</summary>
    /// <param name="batch">Observations matching <see cref="ManagedActorCritic.Spec"/>.</param>
    /// <param name="count">Rows to write.</param>
    /// <param name="input">[count, InputSize] output (at least).</param>
    internal void WriteInput(ObservationBatch batch, int count, Span<float> input) => WriteInput(Spec, _taskWidth, InputSize, batch, count, input);

    /// <summary>The flat input width for <paramref name="spec"/> with <paramref name="taskWidth"/> one-hot task columns (0 when none).</summary>
    internal static int InputSizeFor(EnvSpec spec, int taskWidth) =>
        spec.GlobalFeatureSize + spec.GoalFeatureSize + taskWidth + (spec.MaxNodes * spec.NodeFeatureSize) + spec.MaxNodes;

    /// <summary>Writes the flat input rows of <paramref name="batch"/> for a network of <paramref name="s"/> (layout in the remarks).</summary>
    /// <param name="s">Observation spec.</param>
    /// <param name="taskWidth">One-hot task columns, 0 when task ids are not inputs.</param>
    /// <param name="inputSize">Row width, <see cref="InputSizeFor"/>.</param>
    /// <param name="batch">Observations matching <paramref name="s"/>.</param>
    /// <param name="count">Rows to write.</param>
    /// <param name="input">[count, inputSize] output (at least).</param>
    internal static void WriteInput(EnvSpec s, int taskWidth, int inputSize, ObservationBatch batch, int count, Span<float> input)
    {
        int nodeFeatureWidth = s.MaxNodes * s.NodeFeatureSize;
        for (int r = 0; r < count; r++)
        {
            Span<float> row = input.Slice(r * inputSize, inputSize);
            batch.Globals.AsSpan(r * s.GlobalFeatureSize, s.GlobalFeatureSize).CopyTo(row);
            row = row[s.GlobalFeatureSize..];
            batch.GoalFeatures.AsSpan(r * s.GoalFeatureSize, s.GoalFeatureSize).CopyTo(row);
            row = row[s.GoalFeatureSize..];
            if (taskWidth > 0)
            {
                int task = PolicyFactory.ValidateTaskId(batch, r, s.NumTasks);
                row[..taskWidth].Clear();
                row[task] = 1f;
                row = row[taskWidth..];
            }

            batch.NodeFeatures.AsSpan(r * nodeFeatureWidth, nodeFeatureWidth).CopyTo(row);
            row = row[nodeFeatureWidth..];
            ReadOnlySpan<bool> nodeMask = batch.NodeMask.AsSpan(r * s.MaxNodes, s.MaxNodes);
            for (int n = 0; n < nodeMask.Length; n++)
            {
                row[n] = nodeMask[n] ? 1f : 0f;
            }
        }
    }
}
