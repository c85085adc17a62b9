using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Retrieval;
using RagAgent.Envs.SmartHome;
using RagAgent.Envs.TaskSelect;

namespace RagAgent.Envs.Baselines;

/// <summary>
/// Reference policies for the built-in multi-goal envs. Measure one with
/// <c>EpisodeRunner.Run(env, policy, options)</c> (RagAgent.Envs.Evaluation), the loop trained policies are evaluated with.
/// </summary>
public static class BuiltInBaselines
{
    /// <summary>Ids of the envs that have a greedy heuristic.</summary>
    public static IReadOnlyList<string> EnvIds { get; } = [GraphNavEnv.Id, RetrievalEnv.Id, SmartHomeEnv.Id, TaskSelectEnv.Id];

    /// <summary>The greedy heuristic of a built-in env.</summary>
    /// <exception cref="ArgumentException"><paramref name="envId"/> has no heuristic.</exception>
    public static IBaselinePolicy Greedy(string envId) => envId switch
    {
        GraphNavEnv.Id => new GraphNavGreedyPolicy(),
        RetrievalEnv.Id => new RetrievalGreedyPolicy(),
        SmartHomeEnv.Id => new SmartHomeGreedyPolicy(),
        TaskSelectEnv.Id => new TaskSelectGreedyPolicy(),
        _ => throw new ArgumentException($"No greedy baseline for env '{envId}'. Known: {string.Join(", ", EnvIds)}.", nameof(envId)),
    };
}
