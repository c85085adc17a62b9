namespace RagAgent.Core.Schedules;

/// <summary>Learning rate as a function of the PPO update number.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate for update <paramref name="update"/> (1-based, as in CleanRL's loop).</summary>
    float LearningRate(int update);
}
