namespace RagAgent.Core.Schedules;

/// <summary>
/// A hyperparameter as a function of the update number (SB3's <c>Schedule</c>): the learning rate and PPO's clip
/// range follow one.
/// </summary>
public interface ISchedule
{
    /// <summary>The value for update <paramref name="update"/> (1-based, as in CleanRL's loop).</summary>
    float Value(int update);
}
