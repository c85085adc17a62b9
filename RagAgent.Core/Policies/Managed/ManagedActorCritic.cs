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
    private bool[] _actionMasks = [];
    private float[] _logitGradients = [];
    private int _capacity;
    private int _lastCount;

    /// <summary>Checks the arguments; batch buffers are allocated by the first <see cref="Forward"/>.</summary>
    /// <param name="spec">Observation and action spec.</param>
    /// <param name="resolved">Options resolved by the architecture for <paramref name="spec"/> (never <c>auto</c>).</param>
    private protected ManagedActorCritic(EnvSpec spec, PolicyOptions resolved)
    {
        Spec = spec;
        Options = resolved;
    }

    /// <inheritdoc />
    public EnvSpec Spec { get; }

    /// <inheritdoc />
    public PolicyOptions Options { get; }

    /// <summary>The trainable parameters, in export order.</summary>
    public ParameterCollection Parameters { get; } = new();

    /// <summary>
    /// [capacity, NumActions]: the effective action masks of the last forward pass; <see cref="ForwardCore"/> fills
    /// its first count rows, the base class masks the logits with them and the logit gradients in the backward pass.
    /// </summary>
    private protected bool[] ActionMasks => _actionMasks;

    /// <inheritdoc />
    public void Forward(ObservationBatch batch, int count, Span<float> logits, Span<float> values)
    {
        PolicyFactory.ValidateForward(this, batch, count, logits.Length, values.Length);
        if (count > _capacity)
        {
            Grow(count, batch.Capacity);
        }

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
    /// Checks <paramref name="spec"/> and <paramref name="options"/> and that the architecture asked for is
    /// <paramref name="architecture"/> or <c>auto</c>; throws naming the bad field.
    /// </summary>
    private protected static void ValidateArguments(EnvSpec spec, PolicyOptions options, PolicyArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        spec.Validate();
        options.Validate();
        if (options.ArchitectureFor(spec) != architecture)
        {
            throw new ArgumentException(
                $"PolicyOptions.Architecture is {options.Architecture} for '{spec.Id}', which this {architecture} network cannot build.", nameof(options));
        }
    }

    /// <summary>
    /// The network's forward pass on validated arguments: writes the raw logits and the values, and the first
    /// <paramref name="count"/> rows of <see cref="ActionMasks"/>; keeps what <see cref="BackwardCore"/> needs.
    /// </summary>
    /// <param name="batch">Observations matching <see cref="Spec"/>; rows [0, count) are read.</param>
    /// <param name="count">Rows, 1..the capacity last passed to <see cref="ResizeBatchBuffers"/>.</param>
    /// <param name="logits">[count, NumActions] output; masked entries are overwritten afterwards.</param>
    /// <param name="values">[count] output.</param>
    private protected abstract void ForwardCore(ObservationBatch batch, int count, Span<float> logits, Span<float> values);

    /// <summary>Accumulates the parameter gradients of the last forward pass.</summary>
    /// <param name="logitGradients">[count, NumActions], already zero at masked actions.</param>
    /// <param name="valueGradients">[count].</param>
    /// <param name="count">Rows of the last forward pass.</param>
    private protected abstract void BackwardCore(ReadOnlySpan<float> logitGradients, ReadOnlySpan<float> valueGradients, int count);

    /// <summary>Reallocates the architecture's per-row buffers for <paramref name="capacity"/> rows (contents need not survive).</summary>
    private protected abstract void ResizeBatchBuffers(int capacity);

    /// <summary>A network of the same spec and options with its own buffers; weights are overwritten by the caller.</summary>
    private protected abstract ManagedActorCritic CreateUninitialized();

    /// <summary>
    /// Grows every per-row buffer to at least <paramref name="count"/> rows, doubling up to the batch's capacity so that a growing batch size
    /// reallocates O(log n) times and a steady one never after its first forward pass.
    /// </summary>
    private void Grow(int count, int batchCapacity)
    {
        int capacity = Math.Max(count, (int)Math.Min(2L * _capacity, batchCapacity));
        _actionMasks = new bool[capacity * Spec.NumActions];
        _logitGradients = new float[capacity * Spec.NumActions];
        ResizeBatchBuffers(capacity);
        _capacity = capacity;
    }
}
