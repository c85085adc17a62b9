using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Envs.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RagAgent.TorchSharp;

/// <summary>
/// Architecture <c>mlp</c> on TorchSharp: the managed <see cref="MlpPolicy"/>'s network (separate actor and critic
/// MLPs over one flat input vector, the same input layout, hidden sizes and activation) with the same parameter names
/// and shapes — <c>actor.{0,2,…}.weight [out, in]</c>, <c>actor.{0,2,…}.bias [out]</c>, likewise <c>critic.*</c> — so
/// checkpoints are interchangeable between the engines.
/// </summary>
/// <remarks>
/// Initialisation is the managed engine's, bit for bit: the constructor builds the managed network with the same seed
/// and imports its weights (orthogonal, gain √2 on hidden layers, 0.01 on the actor output, 1 on the critic output,
/// biases zero). Logits of actions the row's mask forbids are <see cref="RagAgent.Core.Distributions.ActionMasking.MaskedLogit"/>
/// and receive no gradient.
/// </remarks>
public sealed class TorchMlpPolicy : TorchActorCritic
{
    private readonly MlpPolicy _layout;

    /// <summary>Builds the network on <paramref name="device"/> with the managed engine's weights for <paramref name="seed"/>.</summary>
    /// <param name="spec">Observation and action spec.</param>
    /// <param name="options">Hidden sizes, activation and task-id input; Architecture must be <c>mlp</c> or <c>auto</c> resolving to it.</param>
    /// <param name="seed">Seed of the weight initialisation (same seed, same weights as <see cref="MlpPolicy"/>).</param>
    /// <param name="device"><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (<see cref="TorchDevices.Parse"/>).</param>
    /// <exception cref="ArgumentException">Invalid spec, options or device (names it).</exception>
    public TorchMlpPolicy(EnvSpec spec, PolicyOptions options, int seed, string device = "cpu")
        : this(new MlpPolicy(spec, options, seed), TorchDevices.Parse(device))
    {
    }

    private TorchMlpPolicy(MlpPolicy layout, Device device)
        : base(layout.Spec, layout.Options, device, new ActorCriticMlps(layout.InputSize, layout.Options.HiddenSizes, layout.Spec.NumActions, layout.Options.Activation))
    {
        _layout = layout;
        ImportWeights(layout.ExportWeights());
    }

    /// <summary>Width of the flat input vector (the layout of <see cref="MlpPolicy"/>).</summary>
    public int InputSize => _layout.InputSize;

    private ActorCriticMlps Mlps => (ActorCriticMlps)Network;

    private protected override (Tensor Logits, Tensor Values) ForwardCore(ObservationBatch batch, int count)
    {
        var input = new float[count * InputSize];
        _layout.WriteInput(batch, count, input);
        Tensor x = tensor(input, [count, InputSize], device: Device);
        return Mlps.forward(x);
    }

    private protected override TorchActorCritic CreateUninitialized() => new TorchMlpPolicy(_layout, Device);
}
