namespace RagAgent.Envs.Evaluation;

/// <summary>The episodes of one task id.</summary>
/// <param name="TaskId">Task (goal) id.</param>
/// <param name="Episodes">Episodes with this task id.</param>
/// <param name="MeanReturn">Their mean return.</param>
/// <param name="MeanLength">Their mean length in steps.</param>
/// <param name="SuccessRate">Their success rate; <c>null</c> when the env has no notion of success.</param>
public readonly record struct GoalResult(int TaskId, int Episodes, double MeanReturn, double MeanLength, double? SuccessRate);
