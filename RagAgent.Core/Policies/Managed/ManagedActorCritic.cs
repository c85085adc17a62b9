using RagAgent.Core.Distributions;
using RagAgent.Core.Nn;
using RagAgent.Core.Nn.Optim;
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Core.Policies.Managed;

/// <summary>
/// What the managed actor-critics (<see cref="MlpPolicy"/>, <see cref="TaskNodePolicy"/>) share: argument checks,
/// the parameter collection, the masking of forbidden logits and of their gradients, Adam, weight export and import,
/// and cloning. Each architecture supplies only its network (<see cref="ForwardCore"/>, <see cref="BackwardCore"/>).
/// Only this library derives from it.
/// </summary>
public abstract class ManagedActorCritic : IActorCritic
{
    private readonly float[] _logitGradients;
    private int _lastCount;

    /// <summary>Checks the arguments and allocates the action-mask and logit-gradient buffers.</summary>
    /// <param name="spec">Observation and action spec.</param>
    /// <param name="options">Sizes and activation; Architecture must be <paramref name="architecture"/> or <c>auto</c>.</param>
    /// <param name="maxBatchSize">Largest batch a single <see cref="Forward"/> accepts.</param>
    /// <param name="architecture">The architecture name stored in checkpoints.</param>
    private protected ManagedActorCritic(EnvSpec spec, PolicyOptions options, int maxBatchSize, string architecture)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        spec.Validate();
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        if (options.Architecture != architecture && options.Architecture != "auto")
        {
            throw new ArgumentException($"{GetType().Name} cannot build architecture '{options.Architecture}'.", nameof(options));
        }

        Spec = spec;
        Options = options;
        MaxBatchSize = maxBatchSize;
        Architecture = architecture;
        ActionMasks = new bool[maxBatchSize * spec.NumActions];
        _logitGradients = new float[maxBatchSize * spec.NumActions];
    }

    /// <inheritdoc />
    public EnvSpec Spec { get; }

    /// <inheritdoc />
    public string Architecture { get; }

    /// <inheritdoc />
    public int MaxBatchSize { get; }

    /// <summary>The trainable parameters, in export order.</summary>
    public ParameterCollection Parameters { get; } = new();

    /// <summary>The options the network was built with.</summary>
    private protected PolicyOptions Options { get; }

    /// <summary>
    /// [MaxBatchSize, NumActions]: the effective action masks of the last forward pass; <see cref="ForwardCore"/> fills
    /// its first count rows, the base class masks the logits with them and the logit gradients in the backward pass.
    /// </summary>
    private protected bool[] ActionMasks { get; }

    /// <inheritdoc />
    public void Forward(ObservationBatch batch, int count, Span<float> logits, Span<float> values)
    {
        PolicyFactory.ValidateForward(this, batch, count, logits.Length, values.Length);
        int width = count * Spec.NumActions;
        ForwardCore(batch, count, logits[..width], values[..count]);
        MaskedFill.Forward(ActionMasks.AsSpan(0, width), logits[..width], ActionMasking.MaskedLogit);
        _lastCount = count;
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> logitGradients, ReadOnlySpan<float> valueGradients)
    {
        int count = PolicyFactory.ValidateBackward(_lastCount, Spec.NumActions, logitGradients.Length, valueGradients.Length);
        int width = count * Spec.NumActions;
        Span<float> dLogits = _logitGradients.AsSpan(0, width);
        logitGradients[..width].CopyTo(dLogits);
        MaskedFill.Backward(ActionMasks.AsSpan(0, width), dLogits);
        BackwardCore(dLogits, valueGradients[..count], count);
    }

    /// <inheritdoc />
    public IPolicyOptimizer CreateOptimizer(OptimizerOptions options) => new Adam(Parameters, options);

    /// <inheritdoc />
    public IReadOnlyList<NamedTensor> ExportWeights() => Parameters.Export();

    /// <inheritdoc />
    public void ImportWeights(IReadOnlyList<NamedTensor> weights) => Parameters.Import(weights);

    /// <inheritdoc />
    public IActorCritic CloneForInference()
    {
        ManagedActorCritic clone = CreateUninitialized();
        clone.Parameters.CopyValuesFrom(Parameters);
        return clone;
    }

    /// <summary>
    /// The network's forward pass on validated arguments: writes the raw logits and the values, and the first
    /// <paramref name="count"/> rows of <see cref="ActionMasks"/>; keeps what <see cref="BackwardCore"/> needs.
    /// </summary>
    /// <param name="batch">Observations matching <see cref="Spec"/>; rows [0, count) are read.</param>
    /// <param name="count">Rows, 1..MaxBatchSize.</param>
    /// <param name="logits">[count, NumActions] output; masked entries are overwritten afterwards.</param>
    /// <param name="values">[count] output.</param>
    private protected abstract void ForwardCore(ObservationBatch batch, int count, Span<float> logits, Span<float> values);

    /// <summary>Accumulates the parameter gradients of the last forward pass.</summary>
    /// <param name="logitGradients">[count, NumActions], already zero at masked actions.</param>
    /// <param name="valueGradients">[count].</param>
    /// <param name="count">Rows of the last forward pass.</param>
    private protected abstract void BackwardCore(ReadOnlySpan<float> logitGradients, ReadOnlySpan<float> valueGradients, int count);

    /// <summary>A network of the same spec, options and batch size with its own buffers; weights are overwritten by the caller.</summary>
    private protected abstract ManagedActorCritic CreateUninitialized();
}
