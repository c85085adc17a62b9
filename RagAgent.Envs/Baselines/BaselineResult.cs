namespace RagAgent.Envs.Baselines;

/// <summary>Statistics of a baseline policy over a number of episodes.</summary>
/// <param name="Episodes">Episodes played.</param>
/// <param name="MeanReturn">Mean undiscounted episode return.</param>
/// <param name="StdReturn">Population standard deviation of the episode returns.</param>
/// <param name="SuccessRate">Fraction of episodes whose last step reported <c>IsSuccess</c>.</param>
/// <param name="MeanLength">Mean episode length in steps.</param>
public readonly record struct BaselineResult(int Episodes, double MeanReturn, double StdReturn, double SuccessRate, double MeanLength);
