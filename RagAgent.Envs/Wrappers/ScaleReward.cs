using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Wrappers;

/// <summary>Multiplies every reward by a constant <see cref="Scale"/> (for example 0.01 for returns in the hundreds).</summary>
public sealed class ScaleReward : IEnvWrapper
{
    /// <summary>Wraps <paramref name="env"/>.</summary>
    /// <param name="env">The env whose rewards are scaled.</param>
    /// <param name="scale">Finite, non-zero factor.</param>
    public ScaleReward(IEnv env, float scale)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (!float.IsFinite(scale) || scale == 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be finite and non-zero.");
        }

        Inner = env;
        Scale = scale;
    }

    /// <inheritdoc />
    public IEnv Inner { get; }

    /// <inheritdoc />
    public EnvSpec Spec => Inner.Spec;

    /// <summary>The reward factor.</summary>
    public float Scale { get; }

    /// <inheritdoc />
    public ResetResult Reset(int? seed = null) => Inner.Reset(seed);

    /// <inheritdoc />
    public StepResult Step(int action)
    {
        StepResult step = Inner.Step(action);
        return step with { Reward = step.Reward * Scale };
    }
}
