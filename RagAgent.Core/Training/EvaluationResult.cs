namespace RagAgent.Core.Training;

/// <summary>Outcome of evaluating a policy over several episodes.</summary>
/// <param name="Episodes">Episodes run.</param>
/// <param name="MeanReturn">Mean undiscounted episode return.</param>
/// <param name="StdReturn">Population standard deviation of the returns (NumPy's <c>std</c>).</param>
/// <param name="MeanLength">Mean episode length in steps.</param>
/// <param name="SuccessRate">Fraction of episodes in which the env reported success.</param>
public readonly record struct EvaluationResult(int Episodes, float MeanReturn, float StdReturn, float MeanLength, float SuccessRate);
