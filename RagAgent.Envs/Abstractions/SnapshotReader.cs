namespace RagAgent.Envs.Abstractions;

/// <summary>
/// Reads one section written by <see cref="SnapshotWriter"/>, checking the header on construction; every problem
/// (truncated data, another tag or version, an array of another length, a value out of range) is an
/// <see cref="InvalidDataException"/> naming the section's tag and the field.
/// </summary>
public sealed class SnapshotReader
{
    /// <summary>Reads and checks the header.</summary>
    /// <param name="reader">Positioned at the section.</param>
    /// <param name="tag">The tag the section must have (the env id, or <c>Wrapper(inner id)</c>).</param>
    /// <param name="version">The format version the section must have.</param>
    /// <exception cref="InvalidDataException">The header is missing, truncated, or has another tag or version.</exception>
    public SnapshotReader(BinaryReader reader, string tag, int version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        Reader = reader;
        Tag = tag;
        string found;
        try
        {
            found = reader.ReadString();
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException)
        {
            throw Invalid($"the data does not start with an env snapshot header ({e.Message})", e);
        }

        if (!string.Equals(found, tag, StringComparison.Ordinal))
        {
            throw Invalid($"the snapshot is of '{Shorten(found)}', not of this env; restore into an env built the same way");
        }

        int foundVersion = Read("version", static r => r.ReadInt32());
        if (foundVersion != version)
        {
            throw Invalid($"snapshot format version {foundVersion}; this env reads version {version}");
        }
    }

    /// <summary>The underlying reader, for nested sections.</summary>
    public BinaryReader Reader { get; }

    /// <summary>The section's tag, used in error messages.</summary>
    public string Tag { get; }

    /// <summary>Reads an int32 in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int ReadInt32(string field, int min = int.MinValue, int max = int.MaxValue)
    {
        int value = Read(field, static r => r.ReadInt32());
        return value >= min && value <= max ? value : throw Invalid($"{field} is {value}; expected [{min}, {max}]");
    }

    /// <summary>Reads an int64 in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long ReadInt64(string field, long min = long.MinValue, long max = long.MaxValue)
    {
        long value = Read(field, static r => r.ReadInt64());
        return value >= min && value <= max ? value : throw Invalid($"{field} is {value}; expected [{min}, {max}]");
    }

    /// <summary>Reads a float32.</summary>
    public float ReadSingle(string field) => Read(field, static r => r.ReadSingle());

    /// <summary>Reads a float64.</summary>
    public double ReadDouble(string field) => Read(field, static r => r.ReadDouble());

    /// <summary>Reads a bool (a byte that must be 0 or 1).</summary>
    public bool ReadBoolean(string field)
    {
        byte value = Read(field, static r => r.ReadByte());
        return value <= 1 ? value == 1 : throw Invalid($"{field} is byte {value}; expected a bool (0 or 1)");
    }

    /// <summary>Reads an array of bools into <paramref name="destination"/>, whose length it must have.</summary>
    public void ReadBooleans(string field, Span<bool> destination)
    {
        ReadLength(field, destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ReadBoolean(field);
        }
    }

    /// <summary>Reads an array of int32 in [<paramref name="min"/>, <paramref name="max"/>] into <paramref name="destination"/>, whose length it must have.</summary>
    public void ReadInt32s(string field, Span<int> destination, int min = int.MinValue, int max = int.MaxValue)
    {
        ReadLength(field, destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ReadInt32(field, min, max);
        }
    }

    /// <summary>Reads an array of float32 into <paramref name="destination"/>, whose length it must have.</summary>
    public void ReadSingles(string field, Span<float> destination)
    {
        ReadLength(field, destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ReadSingle(field);
        }
    }

    /// <summary>Reads an array of float64 into <paramref name="destination"/>, whose length it must have.</summary>
    public void ReadDoubles(string field, Span<double> destination)
    {
        ReadLength(field, destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ReadDouble(field);
        }
    }

    /// <summary>Reads an observation written by <see cref="SnapshotWriter.Write(Observation)"/> into <paramref name="destination"/>.</summary>
    public void ReadObservation(string field, Observation destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.TaskId = ReadInt32($"{field}.TaskId", 0);
        ReadSingles($"{field}.GoalFeatures", destination.GoalFeatures);
        ReadInt32s($"{field}.NodeIds", destination.NodeIds, 0);
        ReadSingles($"{field}.NodeFeatures", destination.NodeFeatures);
        ReadBooleans($"{field}.NodeMask", destination.NodeMask);
        ReadSingles($"{field}.Globals", destination.Globals);
        ReadBooleans($"{field}.ActionMask", destination.ActionMask);
    }

    /// <summary>
    /// Runs <paramref name="read"/> on <see cref="Reader"/> for a nested part (for example a random generator's
    /// state), turning its <see cref="EndOfStreamException"/> and <see cref="InvalidDataException"/> into one naming
    /// this section and <paramref name="field"/>.
    /// </summary>
    public void ReadNested(string field, Action<BinaryReader> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            read(Reader);
        }
        catch (EndOfStreamException e)
        {
            throw Invalid($"the data is truncated (reading {field})", e);
        }
        catch (InvalidDataException e)
        {
            throw Invalid($"{field}: {e.Message}", e);
        }
    }

    /// <summary>An <see cref="InvalidDataException"/> whose message names this section: <c>Env snapshot 'tag': message.</c></summary>
    public InvalidDataException Invalid(string message, Exception? inner = null) =>
        new($"Env snapshot '{Tag}': {message}.", inner);

    private T Read<T>(string field, Func<BinaryReader, T> read)
    {
        try
        {
            return read(Reader);
        }
        catch (EndOfStreamException e)
        {
            throw Invalid($"the data is truncated (reading {field})", e);
        }
    }

    private void ReadLength(string field, int expected)
    {
        int length = Read(field, static r => r.ReadInt32());
        if (length != expected)
        {
            throw Invalid($"{field} has {length} entries; this env has {expected} (was it built with other options?)");
        }
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
