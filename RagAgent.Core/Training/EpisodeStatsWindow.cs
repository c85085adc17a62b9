namespace RagAgent.Core.Training;

/// <summary>
/// The last <see cref="Capacity"/> finished episodes' return, length and success, for the windowed means a
/// trainer reports (SB3's <c>ep_info_buffer</c>).
/// </summary>
public sealed class EpisodeStatsWindow
{
    private readonly float[] _returns;
    private readonly int[] _lengths;
    private readonly bool[] _successes;
    private int _head;

    /// <summary>Creates an empty window of <paramref name="capacity"/> episodes.</summary>
    public EpisodeStatsWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _returns = new float[capacity];
        _lengths = new int[capacity];
        _successes = new bool[capacity];
    }

    /// <summary>Episodes the window holds at most.</summary>
    public int Capacity => _returns.Length;

    /// <summary>Episodes currently in the window.</summary>
    public int Count { get; private set; }

    /// <summary>Episodes ever added.</summary>
    public long TotalEpisodes { get; private set; }

    /// <summary>Adds a finished episode, dropping the oldest when full.</summary>
    public void Add(float episodeReturn, int length, bool success)
    {
        _returns[_head] = episodeReturn;
        _lengths[_head] = length;
        _successes[_head] = success;
        _head = (_head + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
        TotalEpisodes++;
    }

    /// <summary>Mean return over the window in insertion order; NaN when empty.</summary>
    public float MeanReturn => Mean(i => _returns[i]);

    /// <summary>Mean length over the window; NaN when empty.</summary>
    public float MeanLength => Mean(i => _lengths[i]);

    /// <summary>Fraction of successes over the window; NaN when empty.</summary>
    public float SuccessRate => Mean(i => _successes[i] ? 1.0 : 0.0);

    /// <summary>State as named tensors (prefix <paramref name="prefix"/>) for checkpoints.</summary>
    public IEnumerable<Tensors.NamedTensor> Export(string prefix)
    {
        int[] order = Order();
        yield return new Tensors.NamedTensor(prefix + "returns", [order.Length], [.. order.Select(i => _returns[i])]);
        yield return new Tensors.NamedTensor(prefix + "lengths", [order.Length], [.. order.Select(i => (float)_lengths[i])]);
        yield return new Tensors.NamedTensor(prefix + "successes", [order.Length], [.. order.Select(i => _successes[i] ? 1f : 0f)]);
        yield return new Tensors.NamedTensor(prefix + "total", [4], TrainerStateCodec.EncodeInt64(TotalEpisodes));
    }

    /// <summary>Restores state written by <see cref="Export"/>.</summary>
    public void Import(IReadOnlyList<Tensors.NamedTensor> tensors, string prefix)
    {
        float[] returns = TrainerStateCodec.Find(tensors, prefix + "returns").Data;
        float[] lengths = TrainerStateCodec.Find(tensors, prefix + "lengths").Data;
        float[] successes = TrainerStateCodec.Find(tensors, prefix + "successes").Data;
        long total = TrainerStateCodec.DecodeInt64(TrainerStateCodec.Find(tensors, prefix + "total").Data);
        if (returns.Length > Capacity || lengths.Length != returns.Length || successes.Length != returns.Length)
        {
            throw new InvalidDataException(
                $"Trainer state '{prefix}returns' holds {returns.Length} episodes; this window holds at most {Capacity} (StatsWindowSize).");
        }

        _head = 0;
        Count = 0;
        for (int i = 0; i < returns.Length; i++)
        {
            Add(returns[i], (int)lengths[i], successes[i] != 0f);
        }

        TotalEpisodes = total;
    }

    private float Mean(Func<int, double> value)
    {
        if (Count == 0)
        {
            return float.NaN;
        }

        // Sum oldest to newest so the result does not depend on where the ring starts.
        double sum = 0;
        foreach (int i in Order())
        {
            sum += value(i);
        }

        return (float)(sum / Count);
    }

    private int[] Order()
    {
        var order = new int[Count];
        int start = Count < Capacity ? 0 : _head;
        for (int k = 0; k < Count; k++)
        {
            order[k] = (start + k) % Capacity;
        }

        return order;
    }
}
