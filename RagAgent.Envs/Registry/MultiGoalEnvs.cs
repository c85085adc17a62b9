using RagAgent.Envs.GraphNav;
using RagAgent.Envs.Retrieval;
using RagAgent.Envs.SmartHome;
using RagAgent.Envs.TaskSelect;

namespace RagAgent.Envs.Registry;

/// <summary>
/// Registers the built-in multi-goal envs, mapping <see cref="EnvMakeOptions"/> onto each env's options:
/// <see cref="EnvMakeOptions.MaxNodes"/> sets the node count (graph nodes, documents, devices, sub-tasks),
/// <see cref="EnvMakeOptions.MaxEpisodeSteps"/> the truncation limit, <see cref="EnvMakeOptions.Goals"/> the goal
/// split and <see cref="EnvMakeOptions.WorldSeed"/> the generated world (smart-home scales its power budget with the
/// device count, at least 2). Each env also takes one env-specific argument in <see cref="EnvMakeOptions.Args"/>
/// (<c>connection-radius</c>, <c>budget</c>, <c>power-budget</c>, <c>prerequisite-probability</c>). Other settings
/// keep their defaults; build the env from its own options record for full control.
/// </summary>
internal static class MultiGoalEnvs
{
    private static readonly EnvArgument ConnectionRadius = new("connection-radius", "nodes closer than this are connected (number, default 0.3)");
    private static readonly EnvArgument Budget = new("budget", "documents that may be retrieved per episode (integer, default 8)");
    private static readonly EnvArgument PowerBudget = new("power-budget", "draw above which the breaker trips (number >= 2, default 9 scaled with the devices)");
    private static readonly EnvArgument PrerequisiteProbability = new("prerequisite-probability", "chance that a sub-task requires an earlier one (number in [0, 1], default 0.3)");

    public static void Register(EnvRegistry registry)
    {
        registry.Register(
            GraphNavEnv.Id,
            "Reach a goal node of a random geometric graph (16 nodes): pointer actions over neighbours, +1 at the goal, -0.01 per step, 25% of goals held out.",
            options => new GraphNavEnv(new GraphNavOptions
            {
                NumNodes = options.MaxNodes ?? new GraphNavOptions().NumNodes,
                ConnectionRadius = options.GetFloat(ConnectionRadius.Name, new GraphNavOptions().ConnectionRadius),
                MaxEpisodeSteps = options.MaxEpisodeSteps,
                Goals = options.Goals,
                WorldSeed = options.WorldSeed,
            }),
            [ConnectionRadius]);
        registry.Register(
            RetrievalEnv.Id,
            "Retrieve the documents relevant to a query from 32 embedded documents (with relevance feedback from what was retrieved) within a budget of 8, then stop: +1 relevant, -0.2 irrelevant, +0.5 for stopping when covered.",
            options =>
            {
                var defaults = new RetrievalOptions();
                int documents = options.MaxNodes ?? defaults.NumDocuments;
                return new RetrievalEnv(defaults with
                {
                    NumDocuments = documents,
                    NumTopics = Math.Min(defaults.NumTopics, documents),
                    Budget = options.GetInt(Budget.Name, defaults.Budget),
                    MaxEpisodeSteps = options.MaxEpisodeSteps,
                    Goals = options.Goals,
                    WorldSeed = options.WorldSeed,
                });
            },
            [Budget]);
        registry.Register(
            SmartHomeEnv.Id,
            "Bring 8 devices into a target scene (movie-night, away, ...) within a power budget of 9 (low draws 1, high 2; above it the breaker switches everything off, -1): toggle / set-low / set-high per device, offline devices masked, then declare done.",
            options =>
            {
                var defaults = new SmartHomeOptions();
                int devices = options.MaxNodes ?? defaults.NumDevices;
                return new SmartHomeEnv(defaults with
                {
                    NumDevices = devices,
                    PowerBudget = options.GetFloat(PowerBudget.Name, Math.Max(2f, MathF.Round(defaults.PowerBudget * devices / defaults.NumDevices))),
                    MaxEpisodeSteps = options.MaxEpisodeSteps,
                    Goals = options.Goals,
                    WorldSeed = options.WorldSeed,
                });
            },
            [PowerBudget]);
        registry.Register(
            TaskSelectEnv.Id,
            "Schedule work on 10 sub-tasks with prerequisites: finish the sub-tasks the goal weights, reward weight on completion, -0.05 per step.",
            options =>
            {
                var defaults = new TaskSelectOptions();
                int subTasks = options.MaxNodes ?? defaults.NumSubTasks;
                return new TaskSelectEnv(defaults with
                {
                    NumSubTasks = subTasks,
                    MinImportant = Math.Min(defaults.MinImportant, subTasks),
                    MaxImportant = Math.Min(defaults.MaxImportant, subTasks),
                    PrerequisiteProbability = options.GetFloat(PrerequisiteProbability.Name, defaults.PrerequisiteProbability),
                    MaxEpisodeSteps = options.MaxEpisodeSteps,
                    Goals = options.Goals,
                    WorldSeed = options.WorldSeed,
                });
            },
            [PrerequisiteProbability]);
    }
}
