using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Baselines;

namespace RagAgent.Tests.Envs.Evaluation;

/// <summary>A baseline that always takes the same action.</summary>
internal sealed class FixedActionPolicy(int action) : IBaselinePolicy
{
    public string Name => "fixed";

    public int Act(Observation observation) => action;
}
