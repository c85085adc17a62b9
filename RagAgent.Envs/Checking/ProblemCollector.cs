namespace RagAgent.Envs.Checking;

/// <summary>Collects the first problem of each kind.</summary>
internal sealed class ProblemCollector
{
    private readonly List<EnvCheckProblem> _problems = [];

    public IReadOnlyList<EnvCheckProblem> Problems => _problems;

    public void Add(EnvCheckKind kind, string message)
    {
        if (!_problems.Exists(p => p.Kind == kind))
        {
            _problems.Add(new EnvCheckProblem(kind, message));
        }
    }
}
