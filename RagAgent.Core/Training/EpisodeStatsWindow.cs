using RagAgent.Core.Tensors;

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

    /// <summary>Adds the window's state to a checkpoint's trainer state, names prefixed with <paramref name="prefix"/>:
    /// the episodes oldest first (<c>returns</c> F32, <c>lengths</c> I32, <c>successes</c> U8) and the counter <c>total</c>.</summary>
    public void Export(string prefix, IDictionary<string, long> counters, ICollection<StateTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(tensors);
        int[] order = Order();
        tensors.Add(StateTensor.Float32(prefix + "returns", [.. order.Select(i => _returns[i])]));
        tensors.Add(StateTensor.Int32(prefix + "lengths", [.. order.Select(i => _lengths[i])]));
        tensors.Add(StateTensor.UInt8(prefix + "successes", [.. order.Select(i => _successes[i] ? (byte)1 : (byte)0)]));
        counters[prefix + "total"] = TotalEpisodes;
    }

    /// <summary>Restores state written by <see cref="Export"/>.</summary>
    /// <exception cref="InvalidDataException">A part is missing, the parts disagree in length, or they hold more
    /// episodes than <see cref="Capacity"/>.</exception>
    public void Import(StateDict state, string prefix)
    {
        ArgumentNullException.ThrowIfNull(state);
        float[] returns = state.Tensor(prefix + "returns", "Trainer").ToFloat32();
        int[] lengths = state.Tensor(prefix + "lengths", "Trainer", returns.Length).ToInt32();
        byte[] successes = state.Tensor(prefix + "successes", "Trainer", returns.Length).ToUInt8();
        long total = state.Counter(prefix + "total", "Trainer");
        if (returns.Length > Capacity || total < returns.Length)
        {
            throw new InvalidDataException(
                $"Trainer state '{prefix}returns' holds {returns.Length} episodes of {total} in all; this window holds at most {Capacity} (StatsWindowSize).");
        }

        _head = 0;
        Count = 0;
        for (int i = 0; i < returns.Length; i++)
        {
            Add(returns[i], lengths[i], successes[i] != 0);
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
