namespace RagAgent.Envs.Abstractions;

/// <content>Observation validation: the one check of an observation against the spec.</content>
public sealed partial record EnvSpec
{
    /// <summary>
    /// Checks <paramref name="observation"/> against this spec and returns every problem found (the first of each
    /// kind in each field), or an empty list. Checked: the length of every buffer (when one is wrong nothing else is
    /// checked); finite goal, node and global features; features inside <see cref="GoalFeatureBounds"/>,
    /// <see cref="NodeFeatureBounds"/> (real nodes only) and <see cref="GlobalBounds"/>; the task id in
    /// [0, NumTasks) (0 for a single task); ids of real nodes in [0, NodeVocabSize); at least one allowed action unless
    /// <paramref name="episodeEnded"/>; no allowed action on a padding node. Allocates nothing when the observation is valid.
    /// </summary>
    /// <param name="observation">The observation to check.</param>
    /// <param name="episodeEnded">True for the final observation of an episode, whose action mask may allow nothing.</param>
    public IReadOnlyList<ObservationProblem> FindObservationProblems(Observation observation, bool episodeEnded = false)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return ObservationValidator.Find(this, observation, episodeEnded);
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> for <paramref name="paramName"/> naming the first problem
    /// <see cref="FindObservationProblems"/> finds (field, index, value and what the spec expects).
    /// </summary>
    public void ValidateObservation(Observation observation, string paramName = "observation")
    {
        IReadOnlyList<ObservationProblem> problems = FindObservationProblems(observation);
        if (problems.Count > 0)
        {
            string more = problems.Count > 1 ? $" ({problems.Count - 1} more problem(s))" : string.Empty;
            throw new ArgumentException($"Observation for env '{Id}': {problems[0]}{more}.", paramName);
        }
    }
}
