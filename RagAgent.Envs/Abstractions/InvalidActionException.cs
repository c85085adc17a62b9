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
    /// Throws when <paramref name="action"/> is out of range or not allowed by <paramref name="actionMask"/>;
    /// the message names the action and lists the allowed ones.
    /// </summary>
    /// <param name="envId">Env name for the message.</param>
    /// <param name="action">The action received.</param>
    /// <param name="actionMask">The mask of the current observation, <c>[NumActions]</c>.</param>
    public static void ThrowIfNotAllowed(string envId, int action, ReadOnlySpan<bool> actionMask)
    {
        if ((uint)action >= (uint)actionMask.Length || !actionMask[action])
        {
            Throw(envId, action, actionMask.ToArray());
        }
    }

    private static void Throw(string envId, int action, bool[] actionMask)
    {
        var allowed = new List<int>();
        for (int i = 0; i < actionMask.Length && allowed.Count < 32; i++)
        {
            if (actionMask[i])
            {
                allowed.Add(i);
            }
        }

        string reason = (uint)action >= (uint)actionMask.Length
            ? $"outside the action space [0, {actionMask.Length})"
            : "forbidden by the current action mask";
        throw new InvalidActionException(
            $"Env '{envId}' received action {action}, which is {reason}. Allowed actions: [{string.Join(", ", allowed)}]"
            + (allowed.Count == 32 ? ", ..." : string.Empty) + ".");
    }
}
