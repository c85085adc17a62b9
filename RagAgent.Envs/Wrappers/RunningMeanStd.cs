using RagAgent.Envs.Abstractions;

namespace RagAgent.Envs.Wrappers;

/// <summary>
/// Running per-feature mean and (population) variance of a stream of vectors, updated one sample at a time with
/// Welford's algorithm in double precision: <c>n ← n + 1; δ = x − μ; μ ← μ + δ / n; M₂ ← M₂ + δ·(x − μ)</c>,
/// variance <c>M₂ / n</c>.
/// </summary>
public sealed class RunningMeanStd
{
    private readonly double[] _mean;
    private readonly double[] _m2;

    /// <summary>Creates empty statistics for vectors of <paramref name="size"/> features.</summary>
    public RunningMeanStd(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        _mean = new double[size];
        _m2 = new double[size];
    }

    /// <summary>Number of features.</summary>
    public int Size => _mean.Length;

    /// <summary>Number of samples seen.</summary>
    public long Count { get; private set; }

    /// <summary>Mean of each feature, <c>[Size]</c> (0 before any sample).</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Population variance of feature <paramref name="index"/> (1 before any sample, so normalising is then a no-op).</summary>
    public double Variance(int index) => Count == 0 ? 1.0 : _m2[index] / Count;

    /// <summary>Adds one sample.</summary>
    /// <param name="sample"><c>[Size]</c></param>
    public void Update(ReadOnlySpan<float> sample)
    {
        RequireSize(sample.Length, nameof(sample));
        Count++;
        double inverseCount = 1.0 / Count;
        for (int i = 0; i < _mean.Length; i++)
        {
            double delta = sample[i] - _mean[i];
            _mean[i] += delta * inverseCount;
            _m2[i] += delta * (sample[i] - _mean[i]);
        }
    }

    /// <summary>
    /// Writes <c>clamp((x − μ) / √(σ² + ε), −clip, clip)</c> into <paramref name="destination"/>.
    /// </summary>
    /// <param name="sample"><c>[Size]</c></param>
    /// <param name="destination"><c>[Size]</c>; may be <paramref name="sample"/>'s memory.</param>
    /// <param name="clip">Bound of the normalised values (positive).</param>
    /// <param name="epsilon">Added to the variance so constant features do not divide by zero.</param>
    public void Normalize(ReadOnlySpan<float> sample, Span<float> destination, float clip, double epsilon)
    {
        RequireSize(sample.Length, nameof(sample));
        RequireSize(destination.Length, nameof(destination));
        for (int i = 0; i < _mean.Length; i++)
        {
            double normalized = (sample[i] - _mean[i]) / Math.Sqrt(Variance(i) + epsilon);
            destination[i] = (float)Math.Clamp(normalized, -clip, clip);
        }
    }

    /// <summary>Copies count, means and variances into <paramref name="destination"/> (for example from a training env to an evaluation env).</summary>
    public void CopyTo(RunningMeanStd destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        RequireSize(destination.Size, nameof(destination));
        _mean.AsSpan().CopyTo(destination._mean);
        _m2.AsSpan().CopyTo(destination._m2);
        destination.Count = Count;
    }

    /// <summary>Writes the count (int64), then the means and the sums of squared deviations (float64 arrays).</summary>
    public void SaveState(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Count);
        writer.Write(_mean);
        writer.Write(_m2);
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote; <paramref name="field"/> names the statistics in errors.</summary>
    /// <exception cref="InvalidDataException">The data is truncated, has another size or a negative count.</exception>
    public void RestoreState(SnapshotReader reader, string field)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Count = reader.ReadInt64($"{field}.Count", 0);
        reader.ReadDoubles($"{field}.Mean", _mean);
        reader.ReadDoubles($"{field}.M2", _m2);
    }

    private void RequireSize(int length, string name)
    {
        if (length != _mean.Length)
        {
            throw new ArgumentException($"Expected shape [{_mean.Length}], got [{length}].", name);
        }
    }
}
