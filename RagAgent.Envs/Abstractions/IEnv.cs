namespace RagAgent.Envs.Abstractions;

/// <summary>
/// A reinforcement-learning environment with Gymnasium semantics: <see cref="Reset"/> with an optional seed starts
/// an episode; <see cref="Step"/> applies an allowed action. Implement this to plug your own env into RagAgent,
/// then run it through <c>EnvChecker</c>. Implement <see cref="ISnapshotEnv"/> as well (optional) to let training
/// checkpoints save and restore the env's state instead of replaying every action taken.
/// </summary>
public interface IEnv
{
    /// <summary>Sizes of the observation and the action layout; constant for the env's lifetime.</summary>
    EnvSpec Spec { get; }

    /// <summary>
    /// Starts a new episode. The same <paramref name="seed"/> gives the same episode; <c>null</c> continues the
    /// env's own random stream.
    /// </summary>
    ResetResult Reset(int? seed = null);

    /// <summary>
    /// Applies <paramref name="action"/>, which must be allowed by the last observation's action mask
    /// (otherwise <see cref="InvalidActionException"/>). Must not be called after an episode ended until
    /// <see cref="Reset"/>.
    /// </summary>
    StepResult Step(int action);
}
