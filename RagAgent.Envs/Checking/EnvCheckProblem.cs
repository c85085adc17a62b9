namespace RagAgent.Envs.Checking;

/// <summary>One problem found by <see cref="EnvChecker"/>.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Message">Readable explanation naming the field, the values and where it happened (which call, episode and step).</param>
public readonly record struct EnvCheckProblem(EnvCheckKind Kind, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {Message}";
}
