namespace RagAgent.Samples.Runs;

/// <summary>One finished training episode, a row of <c>episodes.csv</c>.</summary>
/// <param name="Step">Env steps of the run (over all copies) when the episode ended.</param>
/// <param name="EnvIndex">Which copy of the vector env ran it.</param>
/// <param name="Return">Undiscounted return.</param>
/// <param name="Length">Steps taken.</param>
/// <param name="Success">The env reported reaching the goal.</param>
/// <param name="TaskId">Task (goal) id of the episode.</param>
/// <param name="WallSeconds">Seconds of the run when it ended (continuing over resumes).</param>
internal readonly record struct EpisodeRow(long Step, int EnvIndex, float Return, int Length, bool Success, int TaskId, double WallSeconds);
