using System.Collections;

namespace RagAgent.Envs.Abstractions;

/// <summary>
/// The names of <see cref="EnvSpec.InfoKeys"/>, compared by value so that two specs with the same keys are equal
/// (a record compares a list by reference otherwise).
/// </summary>
internal sealed class InfoKeyList : IReadOnlyList<string>, IEquatable<InfoKeyList>
{
    private readonly string[] _names;

    private InfoKeyList(string[] names) => _names = names;

    public static InfoKeyList Empty { get; } = new([]);

    public int Count => _names.Length;

    public string this[int index] => _names[index];

    /// <summary>A value-equal copy of <paramref name="names"/> (null gives the empty list).</summary>
    public static InfoKeyList From(IReadOnlyList<string>? names) =>
        names switch
        {
            null or { Count: 0 } => Empty,
            InfoKeyList list => list,
            _ => new InfoKeyList([.. names]),
        };

    public bool Equals(InfoKeyList? other) => other is not null && _names.AsSpan().SequenceEqual(other._names);

    public override bool Equals(object? obj) => Equals(obj as InfoKeyList);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (string name in _names)
        {
            hash.Add(name, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_names).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"[{string.Join(", ", _names)}]";
}
