using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Core.Policies;

/// <summary>
/// The seam between the algorithms (PPO, evaluation, hosting) and a neural-network engine: an actor-critic that maps
/// a batch of observations to masked action logits and state values, and back-propagates gradients of a loss given
/// with respect to those outputs. The managed engine implements it; another engine (for example TorchSharp) can be
/// added as its own package by implementing this interface and <see cref="IPolicyOptimizer"/>.
/// </summary>
/// <remarks>
/// An instance keeps the activations of its last <see cref="Forward"/> for <see cref="Backward"/>, so it is not
/// safe to call from several threads at once; use <see cref="CloneForInference"/> to get a copy per thread.
/// </remarks>
public interface IActorCritic
{
    /// <summary>The observation and action spec the network was built for.</summary>
    EnvSpec Spec { get; }

    /// <summary>
    /// The options the network was built with, resolved for <see cref="Spec"/>: the architecture is never
    /// <c>auto</c> and the id embeddings are <c>always</c> or <c>never</c>. Checkpoints record these, so building
    /// from them gives the same network.
    /// </summary>
    PolicyOptions Options { get; }

    /// <summary>
    /// Forward pass on rows [0, <paramref name="count"/>) of <paramref name="batch"/>.
    /// </summary>
    /// <param name="batch">Observations; only the first <paramref name="count"/> rows are read.</param>
    /// <param name="count">Rows to evaluate, 1..<c>batch.Capacity</c>; any batch size is accepted (an engine grows
    /// its buffers on demand, so a steady batch size allocates nothing after the first call).</param>
    /// <param name="logits">[count, NumActions] output; entries forbidden by the batch's action mask are set to
    /// <see cref="Distributions.ActionMasking.MaskedLogit"/>.</param>
    /// <param name="values">[count] output: the critic's state values.</param>
    void Forward(ObservationBatch batch, int count, Span<float> logits, Span<float> values);

    /// <summary>
    /// Accumulates parameter gradients of a loss L into the parameters' gradient buffers, given ∂L/∂logits and
    /// ∂L/∂values for the rows of the last <see cref="Forward"/>.
    /// </summary>
    /// <param name="logitGradients">[count, NumActions]; entries at masked actions are ignored.</param>
    /// <param name="valueGradients">[count].</param>
    void Backward(ReadOnlySpan<float> logitGradients, ReadOnlySpan<float> valueGradients);

    /// <summary>Creates an optimizer over this network's parameters.</summary>
    IPolicyOptimizer CreateOptimizer(OptimizerOptions options);

    /// <summary>The network's weights by name (copies), in a stable order.</summary>
    IReadOnlyList<NamedTensor> ExportWeights();

    /// <summary>Loads weights by name; throws naming the first missing or mis-shaped tensor.</summary>
    void ImportWeights(IReadOnlyList<NamedTensor> weights);

    /// <summary>A copy with the same weights and its own activation buffers, for inference on another thread.</summary>
    IActorCritic CloneForInference();
}
