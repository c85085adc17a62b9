namespace RagAgent.Envs.Checking;

/// <summary>What <see cref="EnvChecker.Check"/> found: problems (the env breaks the contract) and notes (what could not be checked).</summary>
public sealed class EnvCheckReport
{
    internal EnvCheckReport(string envId, IReadOnlyList<EnvCheckProblem> problems, IReadOnlyList<string> notes)
    {
        EnvId = envId;
        Problems = problems;
        Notes = notes;
    }

    /// <summary>Id of the checked env (its spec's <c>Id</c>, or "?" when the spec is missing).</summary>
    public string EnvId { get; }

    /// <summary>Problems, at most one per <see cref="EnvCheckKind"/> (the first occurrence).</summary>
    public IReadOnlyList<EnvCheckProblem> Problems { get; }

    /// <summary>Checks that could not run, for example because no state with a forbidden action was reached.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>True when a problem of <paramref name="kind"/> was found.</summary>
    public bool Has(EnvCheckKind kind) => Problems.Any(p => p.Kind == kind);

    /// <summary>Throws an <see cref="InvalidOperationException"/> listing every problem when the env is not valid.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new InvalidOperationException(ToString());
        }
    }

    /// <summary>One line per problem and note.</summary>
    public override string ToString()
    {
        var lines = new List<string>
        {
            IsValid ? $"Env '{EnvId}' passed the env checker." : $"Env '{EnvId}' failed the env checker with {Problems.Count} problem(s):",
        };
        lines.AddRange(Problems.Select(p => "  - " + p));
        lines.AddRange(Notes.Select(n => "  note: " + n));
        return string.Join(Environment.NewLine, lines);
    }
}
