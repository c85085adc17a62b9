using RagAgent.Core.Training;

namespace RagAgent.Samples.Training;

/// <summary>Shows training progress; told about every finished PPO update.</summary>
internal interface ITrainingProgress
{
    /// <summary>Called after each update with its metrics.</summary>
    void Report(UpdateMetrics metrics);
}
