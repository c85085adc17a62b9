namespace RagAgent.Envs.Abstractions;

/// <summary>
/// The checks every <see cref="IEnv.Step"/> starts with: an episode is running, and the action is inside the action
/// space and allowed by the current mask. Call it first in your own env's <c>Step</c>.
/// </summary>
public static class StepGuard
{
    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when no episode is running (Step before Reset, or after the
    /// episode ended), and <see cref="InvalidActionException"/> when <paramref name="action"/> is outside the action
    /// space or forbidden by <paramref name="actionMask"/>.
    /// </summary>
    /// <param name="envId">Env name for the messages.</param>
    /// <param name="episodeRunning">True between Reset and the step that ends the episode.</param>
    /// <param name="action">The action received.</param>
    /// <param name="actionMask">The mask of the current observation, <c>[NumActions]</c>.</param>
    public static void ThrowIfCannotStep(string envId, bool episodeRunning, int action, ReadOnlySpan<bool> actionMask)
    {
        if (!episodeRunning)
        {
            ThrowNotRunning(envId);
        }

        InvalidActionException.ThrowIfNotAllowed(envId, action, actionMask);
    }

    private static void ThrowNotRunning(string envId) =>
        throw new InvalidOperationException(
            $"Env '{envId}': Step was called before Reset or after the episode ended; call Reset first.");
}
