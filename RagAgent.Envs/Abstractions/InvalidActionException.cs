namespace RagAgent.Envs.Abstractions;

/// <summary>Thrown when an env receives an action outside the action space or forbidden by the current mask.</summary>
public sealed class InvalidActionException : InvalidOperationException
{
    /// <summary>Creates the exception with a message.</summary>
    public InvalidActionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public InvalidActionException()
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public InvalidActionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Throws when <paramref name="action"/> lies outside <c>[0, spec.NumActions)</c> or is not allowed by
    /// <paramref name="actionMask"/>; the message names the action and lists the allowed ones.
    /// </summary>
    /// <param name="spec">The env's spec (its id names the env; <see cref="EnvSpec.NumActions"/> bounds the action).</param>
    /// <param name="action">The action received.</param>
    /// <param name="actionMask">The mask of the current observation, <c>[NumActions]</c>.</param>
    /// <exception cref="InvalidOperationException">The mask's length differs from <c>spec.NumActions</c> (a bug of the env, not of the caller).</exception>
    public static void ThrowIfNotAllowed(EnvSpec spec, int action, ReadOnlySpan<bool> actionMask)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if ((uint)action >= (uint)spec.NumActions)
        {
            Throw(spec, action, actionMask.ToArray(), $"outside the action space [0, {spec.NumActions})");
        }

        if (actionMask.Length != spec.NumActions)
        {
            ThrowMaskLength(spec, actionMask.Length);
        }

        if (!actionMask[action])
        {
            Throw(spec, action, actionMask.ToArray(), "forbidden by the current action mask");
        }
    }

    private static void Throw(EnvSpec spec, int action, bool[] actionMask, string reason)
    {
        var allowed = new List<int>();
        for (int i = 0; i < Math.Min(actionMask.Length, spec.NumActions) && allowed.Count < 32; i++)
        {
            if (actionMask[i])
            {
                allowed.Add(i);
            }
        }

        throw new InvalidActionException(
            $"Env '{spec.Id}' received action {action}, which is {reason}. Allowed actions: [{string.Join(", ", allowed)}]"
            + (allowed.Count == 32 ? ", ..." : string.Empty) + ".");
    }

    private static void ThrowMaskLength(EnvSpec spec, int length) =>
        throw new InvalidOperationException(
            $"Env '{spec.Id}': the current ActionMask has {length} entries, but the spec's NumActions is {spec.NumActions}; "
            + "the env must give every observation a mask of [NumActions] entries.");
}
