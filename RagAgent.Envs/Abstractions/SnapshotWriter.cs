namespace RagAgent.Envs.Abstractions;

/// <summary>
/// Writes one section of an env snapshot (see <see cref="ISnapshotEnv"/>): the header on construction, then fields
/// as little-endian primitives; arrays and observations as an int32 length followed by the elements.
/// </summary>
public sealed class SnapshotWriter
{
    /// <summary>Writes the header: <paramref name="tag"/> (length-prefixed UTF-8) and <paramref name="version"/> (int32).</summary>
    /// <param name="writer">Where the section goes.</param>
    /// <param name="tag">The env id, or <c>Wrapper(inner id)</c> for a wrapper.</param>
    /// <param name="version">Format version of the section, checked on restore.</param>
    public SnapshotWriter(BinaryWriter writer, string tag, int version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        Writer = writer;
        writer.Write(tag);
        writer.Write(version);
    }

    /// <summary>The underlying writer, for nested sections (a wrapper's inner env, a random generator).</summary>
    public BinaryWriter Writer { get; }

    /// <summary>Writes an int32.</summary>
    public void Write(int value) => Writer.Write(value);

    /// <summary>Writes an int64.</summary>
    public void Write(long value) => Writer.Write(value);

    /// <summary>Writes a float32 (bit for bit).</summary>
    public void Write(float value) => Writer.Write(value);

    /// <summary>Writes a float64 (bit for bit).</summary>
    public void Write(double value) => Writer.Write(value);

    /// <summary>Writes a bool as one byte (0 or 1).</summary>
    public void Write(bool value) => Writer.Write(value);

    /// <summary>Writes the length (int32), then one byte per element.</summary>
    public void Write(ReadOnlySpan<bool> values)
    {
        Writer.Write(values.Length);
        foreach (bool v in values)
        {
            Writer.Write(v);
        }
    }

    /// <summary>Writes the length (int32), then the int32 elements.</summary>
    public void Write(ReadOnlySpan<int> values)
    {
        Writer.Write(values.Length);
        foreach (int v in values)
        {
            Writer.Write(v);
        }
    }

    /// <summary>Writes the length (int32), then the float32 elements.</summary>
    public void Write(ReadOnlySpan<float> values)
    {
        Writer.Write(values.Length);
        foreach (float v in values)
        {
            Writer.Write(v);
        }
    }

    /// <summary>Writes the length (int32), then the float64 elements.</summary>
    public void Write(ReadOnlySpan<double> values)
    {
        Writer.Write(values.Length);
        foreach (double v in values)
        {
            Writer.Write(v);
        }
    }

    /// <summary>
    /// Writes <paramref name="observation"/>: task id (int32), then goal features, node ids, node features, node mask,
    /// globals and action mask, each as an array.
    /// </summary>
    public void Write(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        Writer.Write(observation.TaskId);
        Write(observation.GoalFeatures);
        Write(observation.NodeIds);
        Write(observation.NodeFeatures);
        Write(observation.NodeMask);
        Write(observation.Globals);
        Write(observation.ActionMask);
    }
}
