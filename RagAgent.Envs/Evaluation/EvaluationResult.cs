namespace RagAgent.Envs.Evaluation;

/// <summary>Outcome of evaluating a policy over several episodes.</summary>
/// <param name="Episodes">Episodes counted.</param>
/// <param name="MeanReturn">Mean undiscounted episode return.</param>
/// <param name="StdReturn">Population standard deviation of the returns (NumPy's <c>std</c>).</param>
/// <param name="MeanLength">Mean episode length in steps.</param>
/// <param name="SuccessRate">Fraction of episodes in which some step reported success; <c>null</c> when the env has
/// no notion of success (see <see cref="EvaluationOptions.HasSuccess"/>).</param>
/// <param name="PerEpisode">Every counted episode, in the order they ended, <c>[Episodes]</c>.</param>
/// <param name="PerGoal">One row per task id met, in increasing task id.</param>
public readonly record struct EvaluationResult(
    int Episodes,
    double MeanReturn,
    double StdReturn,
    double MeanLength,
    double? SuccessRate,
    IReadOnlyList<EpisodeResult> PerEpisode,
    IReadOnlyList<GoalResult> PerGoal);
