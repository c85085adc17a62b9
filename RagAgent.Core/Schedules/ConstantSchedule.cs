namespace RagAgent.Core.Schedules;

/// <summary>The same learning rate for every update (CleanRL with <c>--anneal-lr False</c>).</summary>
/// <param name="InitialLearningRate">The learning rate.</param>
public sealed record ConstantSchedule(float InitialLearningRate) : ILearningRateSchedule
{
    /// <inheritdoc />
    public float LearningRate(int update) => InitialLearningRate;
}
