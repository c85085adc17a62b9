using RagAgent.Core.Tensors;

namespace RagAgent.Core.Policies;

/// <summary>Gradient-descent step over the parameters of an <see cref="IActorCritic"/>.</summary>
public interface IPolicyOptimizer
{
    /// <summary>Sets every parameter gradient to zero.</summary>
    void ZeroGrad();

    /// <summary>
    /// Scales all gradients so that their global L2 norm is at most <paramref name="maxNorm"/>.
    /// Returns the norm before clipping.
    /// </summary>
    float ClipGradNorm(float maxNorm);

    /// <summary>Applies one update with <paramref name="learningRate"/>.</summary>
    void Step(float learningRate);

    /// <summary>The optimizer's state (step counts as counters, moments as tensors), for checkpoints and resume.</summary>
    StateDict ExportState();

    /// <summary>Restores state written by <see cref="ExportState"/>.</summary>
    /// <exception cref="ArgumentException">An entry is missing or has another shape (names it).</exception>
    void ImportState(StateDict state);
}

/// <summary>Adam hyperparameters (PyTorch names in the docs).</summary>
public sealed record OptimizerOptions
{
    /// <summary>Adam β1 (<c>betas[0]</c>).</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Adam β2 (<c>betas[1]</c>).</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Adam ε (<c>eps</c>); CleanRL's PPO uses 1e-5.</summary>
    public float Epsilon { get; init; } = 1e-5f;

    /// <summary>Decoupled weight decay (AdamW, <c>weight_decay</c>); 0 disables.</summary>
    public float WeightDecay { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (!(Beta1 is >= 0f and < 1f))
        {
            throw new ArgumentException($"OptimizerOptions.Beta1 must be in [0, 1), got {Beta1}.", nameof(Beta1));
        }

        if (!(Beta2 is >= 0f and < 1f))
        {
            throw new ArgumentException($"OptimizerOptions.Beta2 must be in [0, 1), got {Beta2}.", nameof(Beta2));
        }

        if (!(Epsilon > 0f))
        {
            throw new ArgumentException($"OptimizerOptions.Epsilon must be > 0, got {Epsilon}.", nameof(Epsilon));
        }

        if (!(WeightDecay >= 0f))
        {
            throw new ArgumentException($"OptimizerOptions.WeightDecay must be >= 0, got {WeightDecay}.", nameof(WeightDecay));
        }
    }
}
