namespace RagAgent.Core.Schedules;

/// <summary>The same value for every update (CleanRL with <c>--anneal-lr False</c>).</summary>
/// <param name="Initial">The value.</param>
public sealed record ConstantSchedule(float Initial) : ISchedule
{
    /// <inheritdoc />
    public float Value(int update) => Initial;
}
