namespace RagAgent.Core.Training;

/// <summary>
/// Hooks into a training run. <see cref="OnUpdate"/> is called after every update; returning <c>false</c> stops
/// training after that update (Stable-Baselines3's callback contract).
/// </summary>
public interface ITrainingCallback
{
    /// <summary>Called once when training starts (or resumes), before the first rollout.</summary>
    void OnTrainingStart(ITrainingSession session);

    /// <summary>Called after each update; return <c>false</c> to stop training.</summary>
    bool OnUpdate(UpdateMetrics metrics);
}
