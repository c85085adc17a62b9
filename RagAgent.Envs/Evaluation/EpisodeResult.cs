namespace RagAgent.Envs.Evaluation;

/// <summary>One evaluated episode.</summary>
/// <param name="TaskId">Task (goal) id of the episode's first observation.</param>
/// <param name="Return">Undiscounted return.</param>
/// <param name="Length">Steps taken.</param>
/// <param name="IsSuccess">Some step reported success; <c>null</c> when the env has no notion of success.</param>
public readonly record struct EpisodeResult(int TaskId, double Return, int Length, bool? IsSuccess);
