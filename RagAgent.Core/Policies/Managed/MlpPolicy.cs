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
/// <c>Globals [GlobalFeatureSize]</c>, <c>GoalFeatures [GoalFeatureSize]</c>, one-hot <c>TaskId [NumTasks]</c> (only
/// when NumTasks &gt; 1), <c>NodeFeatures [MaxNodes · NodeFeatureSize]</c> and <c>NodeMask [MaxNodes]</c> as 0/1
/// (when MaxNodes &gt; 0). Node ids are not used: envs whose nodes are identified by id should use
/// <see cref="TaskNodePolicy"/>, which embeds them.</para>
/// <para>Parameters: <c>actor.{0,2,…}.weight/bias</c> and <c>critic.{0,2,…}.weight/bias</c> (PyTorch
/// <c>nn.Sequential</c> names, weights <c>[out, in]</c>). Logits of actions the row's mask forbids are
/// <see cref="ActionMasking.MaskedLogit"/> and receive no gradient.</para>
/// </remarks>
public sealed class MlpPolicy : ManagedActorCritic
{
    /// <summary>The architecture name stored in checkpoints.</summary>
    public const string ArchitectureName = "mlp";

    private readonly Mlp _actor;
    private readonly Mlp _critic;
    private readonly float[] _input;

    /// <summary>Builds the network with weights drawn from <paramref name="seed"/> (same seed, same weights).</summary>
    /// <param name="spec">Observation and action spec.</param>
    /// <param name="options">Hidden sizes and activation; Architecture must be <c>mlp</c> or <c>auto</c>.</param>
    /// <param name="seed">Seed of the weight initialisation.</param>
    /// <param name="maxBatchSize">Largest batch a single <see cref="ManagedActorCritic.Forward"/> accepts.</param>
    public MlpPolicy(EnvSpec spec, PolicyOptions options, int seed, int maxBatchSize)
        : this(spec, options, maxBatchSize)
    {
        var random = new EnvRandom(seed);
        float hiddenGain = MathF.Sqrt(2f);
        _actor.Initialize(random, hiddenGain, 0.01f);
        _critic.Initialize(random, hiddenGain, 1f);
    }

    private MlpPolicy(EnvSpec spec, PolicyOptions options, int maxBatchSize)
        : base(spec, options, maxBatchSize, ArchitectureName)
    {
        InputSize = InputSizeOf(spec);
        if (InputSize == 0)
        {
            throw new ArgumentException($"EnvSpec '{spec.Id}' gives the mlp policy no input: it has no globals, goal features, tasks or nodes.", nameof(spec));
        }

        Activation activation = ActivationFunctions.Parse(options.Activation);
        _actor = new Mlp(Parameters, "actor", InputSize, options.HiddenSizes, spec.NumActions, activation, maxBatchSize);
        _critic = new Mlp(Parameters, "critic", InputSize, options.HiddenSizes, 1, activation, maxBatchSize);
        _input = new float[maxBatchSize * InputSize];
    }

    /// <summary>Width of the flat input vector (see the remarks for its layout).</summary>
    public int InputSize { get; }

    /// <summary>Width of the flat input for <paramref name="spec"/>.</summary>
    public static int InputSizeOf(EnvSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.GlobalFeatureSize + spec.GoalFeatureSize + (spec.NumTasks > 1 ? spec.NumTasks : 0)
            + (spec.MaxNodes * spec.NodeFeatureSize) + spec.MaxNodes;
    }

    private protected override void ForwardCore(ObservationBatch batch, int count, Span<float> logits, Span<float> values)
    {
        WriteInput(batch, count);
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

    private protected override ManagedActorCritic CreateUninitialized() => new MlpPolicy(Spec, Options, MaxBatchSize);

    private void WriteInput(ObservationBatch batch, int count)
    {
        EnvSpec s = Spec;
        int taskWidth = s.NumTasks > 1 ? s.NumTasks : 0;
        int nodeFeatureWidth = s.MaxNodes * s.NodeFeatureSize;
        for (int r = 0; r < count; r++)
        {
            Span<float> row = _input.AsSpan(r * InputSize, InputSize);
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
