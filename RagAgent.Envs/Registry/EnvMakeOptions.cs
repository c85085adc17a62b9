using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Registry;

/// <summary>
/// Options passed to an env factory by <see cref="EnvRegistry.Make"/>. Each env uses the options that apply to it
/// and documents which ones it ignores (CartPole, for example, has no nodes, goals or world to generate).
/// </summary>
public sealed record EnvMakeOptions
{
    /// <summary>Largest node set of the env (its <c>EnvSpec.MaxNodes</c>), or null for the env's default.</summary>
    public int? MaxNodes { get; init; }

    /// <summary>Episode step limit enforced by truncation, or null for the env's default.</summary>
    public int? MaxEpisodeSteps { get; init; }

    /// <summary>Which goals episodes are drawn from (training goals by default).</summary>
    public GoalSplit Goals { get; init; } = GoalSplit.Train;

    /// <summary>
    /// Seed of the generated world (graph, house, corpus) and of the train / held-out goal split. Separate from the
    /// episode seed given to <c>Reset</c>, so every copy of a vector env shares one world.
    /// </summary>
    public long WorldSeed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (MaxNodes is < 1)
        {
            throw new ArgumentException($"EnvMakeOptions.MaxNodes must be positive when set, got {MaxNodes}.", nameof(MaxNodes));
        }

        if (MaxEpisodeSteps is < 1)
        {
            throw new ArgumentException(
                $"EnvMakeOptions.MaxEpisodeSteps must be positive when set, got {MaxEpisodeSteps}.", nameof(MaxEpisodeSteps));
        }

        if (!Enum.IsDefined(Goals))
        {
            throw new ArgumentException($"EnvMakeOptions.Goals must be Train, HeldOut or All, got {(int)Goals}.", nameof(Goals));
        }
    }
}
