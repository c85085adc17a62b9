using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using OptimizerOptions = RagAgent.Core.Policies.OptimizerOptions;

namespace RagAgent.TorchSharp;

/// <summary>
/// What the TorchSharp actor-critics share: argument checks (the managed engine's), masking of forbidden logits
/// with <c>masked_fill</c> (so they get <see cref="ActionMasking.MaskedLogit"/> and no gradient), the autograd
/// backward from ∂L/∂logits and ∂L/∂values, Adam from <c>torch.optim</c>, weight export and import by the managed
/// engine's parameter names, and cloning. Each architecture supplies only its network (<see cref="ForwardCore"/>).
/// </summary>
/// <remarks>
/// Observations are packed on the host and copied to <see cref="Device"/> once per forward pass; logits and values
/// are copied back. The graph of the last forward pass is kept until the next one (or <see cref="Dispose()"/>), so
/// <see cref="Backward"/> may be called after it, as with the managed engine.
/// </remarks>
public abstract class TorchActorCritic : IActorCritic, IDisposable
{
    private readonly nn.Module _network;
    private readonly List<(string Name, Parameter Parameter)> _parameters;
    private Tensor? _lastLogits;
    private Tensor? _lastValues;
    private int _lastCount;
    private bool _disposed;

    /// <summary>Moves <paramref name="network"/> to <paramref name="device"/> and collects its parameters.</summary>
    /// <param name="spec">Observation and action spec.</param>
    /// <param name="resolved">Options resolved by the architecture for <paramref name="spec"/> (never <c>auto</c>).</param>
    /// <param name="device">Where the network lives.</param>
    /// <param name="network">The network; its parameter names are the checkpoint's tensor names.</param>
    private protected TorchActorCritic(EnvSpec spec, PolicyOptions resolved, Device device, nn.Module network)
    {
        MklReproducibility.Ensure();
        Spec = spec;
        Options = resolved;
        Device = device;
        _network = network.to(device);
        _parameters = [.. _network.named_parameters()];
    }

    /// <inheritdoc />
    public EnvSpec Spec { get; }

    /// <inheritdoc />
    public PolicyOptions Options { get; }

    /// <summary>The device the parameters and activations live on.</summary>
    public Device Device { get; }

    /// <summary>The network as a TorchSharp module (parameters named as in checkpoints), for inspection or custom training code.</summary>
    public nn.Module Network => _network;

    /// <summary>The trainable parameters by name, in export order.</summary>
    internal IReadOnlyList<(string Name, Parameter Parameter)> NamedParameters => _parameters;

    /// <inheritdoc />
    public void Forward(ObservationBatch batch, int count, Span<float> logits, Span<float> values)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        PolicyFactory.ValidateForward(this, batch, count, logits.Length, values.Length);
        ReleaseActivations();
        int width = count * Spec.NumActions;
        using DisposeScope scope = NewDisposeScope();
        (Tensor raw, Tensor rawValues) = ForwardCore(batch, count);
        Tensor allowed = tensor(EffectiveActionMask(batch, count), [count, Spec.NumActions], device: Device);
        Tensor masked = raw.masked_fill(allowed.logical_not(), ActionMasking.MaskedLogit);
        CopyToHost(masked, logits[..width]);
        CopyToHost(rawValues, values[..count]);
        _lastLogits = masked.MoveToOuterDisposeScope();
        _lastValues = rawValues.MoveToOuterDisposeScope();
        _lastCount = count;
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> logitGradients, ReadOnlySpan<float> valueGradients)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int count = PolicyFactory.ValidateBackward(_lastCount, Spec.NumActions, logitGradients.Length, valueGradients.Length);
        using DisposeScope scope = NewDisposeScope();
        Tensor dLogits = tensor(logitGradients[..(count * Spec.NumActions)].ToArray(), [count, Spec.NumActions], device: Device);
        Tensor dValues = tensor(valueGradients[..count].ToArray(), [count], device: Device);
        torch.autograd.backward([_lastLogits!, _lastValues!], [dLogits, dValues], retain_graph: true);
    }

    /// <inheritdoc />
    public IPolicyOptimizer CreateOptimizer(OptimizerOptions options) => new TorchAdam(_parameters, options);

    /// <inheritdoc />
    public IReadOnlyList<NamedTensor> ExportWeights()
    {
        var weights = new List<NamedTensor>(_parameters.Count);
        foreach ((string name, Parameter p) in _parameters)
        {
            weights.Add(ToNamedTensor(name, p));
        }

        return weights;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A parameter is missing or has another shape (names it); nothing is changed then.</exception>
    public void ImportWeights(IReadOnlyList<NamedTensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var byName = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (NamedTensor w in weights)
        {
            byName[w.Name] = w;
        }

        foreach ((string name, Parameter p) in _parameters)
        {
            RequireShape(byName, name, p.shape, nameof(weights), "Weights");
        }

        using DisposeScope scope = NewDisposeScope();
        using IDisposable noGrad = no_grad();
        foreach ((string name, Parameter p) in _parameters)
        {
            NamedTensor w = byName[name];
            p.copy_(tensor(w.Data, p.shape));
        }
    }

    /// <inheritdoc />
    public IActorCritic CloneForInference()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        TorchActorCritic clone = CreateUninitialized();
        clone.ImportWeights(ExportWeights());
        return clone;
    }

    /// <summary>The accumulated gradient of every parameter (zeros where none was computed yet), by name.</summary>
    public IReadOnlyList<NamedTensor> ExportGradients()
    {
        var gradients = new List<NamedTensor>(_parameters.Count);
        foreach ((string name, Parameter p) in _parameters)
        {
            Tensor? grad = p.grad;
            gradients.Add(grad is null
                ? new NamedTensor(name, ToIntShape(p.shape), new float[p.numel()])
                : ToNamedTensor(name, grad));
        }

        return gradients;
    }

    /// <summary>Releases the network and the stored activations.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases native tensors when <paramref name="disposing"/>.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        if (disposing)
        {
            ReleaseActivations();
            _network.Dispose();
        }

        _disposed = true;
    }

    /// <summary>
    /// The network's forward pass on validated arguments, inside a dispose scope owned by the caller.
    /// </summary>
    /// <param name="batch">Observations matching <see cref="Spec"/>; rows [0, count) are read.</param>
    /// <param name="count">Rows.</param>
    /// <returns>Raw logits <c>[count, NumActions]</c> and values <c>[count]</c> on <see cref="Device"/>, attached to the graph.</returns>
    private protected abstract (Tensor Logits, Tensor Values) ForwardCore(ObservationBatch batch, int count);

    /// <summary>[count · NumActions] the actions allowed per row; the mlp uses the batch's action masks as they are.</summary>
    private protected virtual bool[] EffectiveActionMask(ObservationBatch batch, int count) =>
        batch.ActionMasks.AsSpan(0, count * Spec.NumActions).ToArray();

    /// <summary>A network of the same spec, options and device; its weights are overwritten by the caller.</summary>
    private protected abstract TorchActorCritic CreateUninitialized();

    /// <summary>Throws an <see cref="ArgumentException"/> unless <paramref name="name"/> is present with <paramref name="shape"/>.</summary>
    internal static void RequireShape<T>(Dictionary<string, T> byName, string name, long[] shape, string paramName, string owner)
        where T : class
    {
        if (!byName.TryGetValue(name, out T? found))
        {
            throw new ArgumentException($"{owner} are missing '{name}' (expected shape {FormatShape(shape)}).", paramName);
        }

        int[] actual = found switch
        {
            NamedTensor t => t.Shape,
            StateTensor t => t.Shape,
            _ => throw new ArgumentException($"{owner} entry '{name}' has an unknown type.", paramName),
        };
        int[] expected = ToIntShape(shape);
        bool dataFits = found is not NamedTensor nt || nt.Data.Length == nt.ElementCount;
        if (!actual.AsSpan().SequenceEqual(expected) || !dataFits)
        {
            throw new ArgumentException(
                $"{owner} entry '{name}' has shape [{string.Join(", ", actual)}]; expected {FormatShape(shape)}.", paramName);
        }
    }

    /// <summary>A host copy of <paramref name="value"/> named <paramref name="name"/>.</summary>
    internal static NamedTensor ToNamedTensor(string name, Tensor value)
    {
        using Tensor host = value.detach().cpu().contiguous();
        return new NamedTensor(name, ToIntShape(host.shape), host.data<float>().ToArray());
    }

    /// <summary>The shape as <see cref="int"/>s.</summary>
    internal static int[] ToIntShape(long[] shape) => [.. shape.Select(d => checked((int)d))];

    private static string FormatShape(long[] shape) => $"[{string.Join(", ", shape)}]";

    private static void CopyToHost(Tensor value, Span<float> destination)
    {
        using Tensor host = value.detach().cpu().contiguous();
        host.data<float>().ToArray().AsSpan().CopyTo(destination);
    }

    private void ReleaseActivations()
    {
        _lastLogits?.Dispose();
        _lastValues?.Dispose();
        _lastLogits = null;
        _lastValues = null;
        _lastCount = 0;
    }
}
