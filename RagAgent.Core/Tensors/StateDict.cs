namespace RagAgent.Core.Tensors;

/// <summary>
/// Optimizer or trainer state in its real types: integer counters (stored as JSON in the checkpoint's metadata)
/// and typed tensors (float32 moments and returns, int32 actions and lengths, byte snapshots).
/// </summary>
/// <param name="Counters">Named integers, for example <c>step</c> or <c>global_step</c>.</param>
/// <param name="Tensors">Named tensors.</param>
public sealed record StateDict(IReadOnlyDictionary<string, long> Counters, IReadOnlyList<StateTensor> Tensors)
{
    /// <summary>A state with no counters and no tensors.</summary>
    public static StateDict Empty { get; } = new(new Dictionary<string, long>(), []);

    /// <summary>True when the state holds nothing.</summary>
    public bool IsEmpty => Counters.Count == 0 && Tensors.Count == 0;

    /// <summary>The counter <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">It is missing (names it and <paramref name="owner"/>).</exception>
    public long Counter(string name, string owner) =>
        Counters.TryGetValue(name, out long value)
            ? value
            : throw new InvalidDataException($"{owner} state has no counter '{name}'.");

    /// <summary>True when a tensor named <paramref name="name"/> is present.</summary>
    public bool Contains(string name) => Tensors.Any(t => t.Name == name);

    /// <summary>The tensor <paramref name="name"/>, checked to hold <paramref name="length"/> elements when given.</summary>
    /// <exception cref="InvalidDataException">It is missing or has another length (names it and <paramref name="owner"/>).</exception>
    public StateTensor Tensor(string name, string owner, int? length = null)
    {
        StateTensor tensor = Tensors.FirstOrDefault(t => t.Name == name)
            ?? throw new InvalidDataException($"{owner} state has no tensor '{name}'.");
        if (length is int expected && tensor.Length != expected)
        {
            throw new InvalidDataException($"{owner} state tensor '{name}' has {tensor.Length} elements; expected {expected}.");
        }

        return tensor;
    }
}
