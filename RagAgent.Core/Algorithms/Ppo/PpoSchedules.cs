using RagAgent.Core.Schedules;

namespace RagAgent.Core.Algorithms.Ppo;

/// <summary>The schedules <see cref="PpoTrainer"/> takes its learning rate and clip range from.</summary>
public static class PpoSchedules
{
    /// <summary><see cref="PpoOptions.LearningRate"/>, annealed linearly to 0 over <paramref name="numUpdates"/> when
    /// <see cref="PpoOptions.AnnealLr"/> is set, else constant.</summary>
    public static ISchedule LearningRate(PpoOptions options, long numUpdates)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AnnealLr ? new LinearSchedule(options.LearningRate, numUpdates) : new ConstantSchedule(options.LearningRate);
    }

    /// <summary><see cref="PpoOptions.ClipCoef"/>, annealed linearly to 0 over <paramref name="numUpdates"/> when
    /// <see cref="PpoOptions.AnnealClipCoef"/> is set, else constant.</summary>
    public static ISchedule ClipCoef(PpoOptions options, long numUpdates)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AnnealClipCoef ? new LinearSchedule(options.ClipCoef, numUpdates) : new ConstantSchedule(options.ClipCoef);
    }
}
