namespace RagAgent.Envs.Abstractions;

/// <summary>
/// The checks every <see cref="IEnv.Step"/> starts with: an episode is running, and the action is inside the action
/// space <c>[0, Spec.NumActions)</c> and allowed by the current mask. Call it first in your own env's <c>Step</c>.
/// </summary>
public static class StepGuard
{
    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when no episode is running (Step before Reset, or after the
    /// episode ended), and <see cref="InvalidActionException"/> when <paramref name="action"/> lies outside
    /// <c>[0, spec.NumActions)</c> or is forbidden by <paramref name="actionMask"/>.
    /// </summary>
    /// <param name="spec">The env's spec: its id names the env in messages, its <see cref="EnvSpec.NumActions"/> bounds the action.</param>
    /// <param name="episodeRunning">True between Reset and the step that ends the episode.</param>
    /// <param name="action">The action received.</param>
    /// <param name="actionMask">The mask of the current observation, <c>[NumActions]</c>.</param>
    /// <exception cref="InvalidOperationException">Also when the mask's length differs from <c>spec.NumActions</c> (a bug of the env).</exception>
    public static void ThrowIfCannotStep(EnvSpec spec, bool episodeRunning, int action, ReadOnlySpan<bool> actionMask)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!episodeRunning)
        {
            ThrowNotRunning(spec.Id);
        }

        InvalidActionException.ThrowIfNotAllowed(spec, action, actionMask);
    }

    private static void ThrowNotRunning(string envId) =>
        throw new InvalidOperationException(
            $"Env '{envId}': Step was called before Reset or after the episode ended; call Reset first.");
}
