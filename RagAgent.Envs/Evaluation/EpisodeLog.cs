namespace RagAgent.Envs.Evaluation;

/// <summary>
/// The finished episodes of one evaluation, stored in arrays sized once for the episode count (so adding one
/// allocates nothing), and their summary.
/// </summary>
internal sealed class EpisodeLog
{
    private readonly int[] _taskIds;
    private readonly double[] _returns;
    private readonly int[] _lengths;
    private readonly bool[] _successes;

    public EpisodeLog(int capacity)
    {
        _taskIds = new int[capacity];
        _returns = new double[capacity];
        _lengths = new int[capacity];
        _successes = new bool[capacity];
    }

    /// <summary>Episodes added so far.</summary>
    public int Count { get; private set; }

    /// <summary>True when some added episode succeeded.</summary>
    public bool AnySuccess { get; private set; }

    public void Add(int taskId, double episodeReturn, int length, bool success)
    {
        _taskIds[Count] = taskId;
        _returns[Count] = episodeReturn;
        _lengths[Count] = length;
        _successes[Count] = success;
        AnySuccess |= success;
        Count++;
    }

    /// <summary>Means, population standard deviation, per-episode and per-goal rows; success only when <paramref name="hasSuccess"/>.</summary>
    public EvaluationResult Summarise(bool hasSuccess)
    {
        var episodes = new EpisodeResult[Count];
        for (int e = 0; e < Count; e++)
        {
            episodes[e] = new EpisodeResult(_taskIds[e], _returns[e], _lengths[e], hasSuccess ? _successes[e] : null);
        }

        GoalResult[] goals = [.. episodes
            .GroupBy(e => e.TaskId)
            .OrderBy(g => g.Key)
            .Select(g => new GoalResult(g.Key, g.Count(), g.Average(e => e.Return), g.Average(e => e.Length), SuccessRate(g.ToArray(), hasSuccess)))];
        double mean = episodes.Average(e => e.Return);
        double variance = episodes.Average(e => (e.Return - mean) * (e.Return - mean));
        return new EvaluationResult(
            Count, mean, Math.Sqrt(variance), episodes.Average(e => e.Length), SuccessRate(episodes, hasSuccess), episodes, goals);
    }

    private static double? SuccessRate(EpisodeResult[] episodes, bool hasSuccess) =>
        hasSuccess ? episodes.Count(e => e.IsSuccess == true) / (double)episodes.Length : null;
}
