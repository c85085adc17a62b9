using System.Globalization;
using System.Runtime.InteropServices;

namespace RagAgent.Envs.Abstractions;

/// <summary>
/// An env's own info values (Gymnasium's info dict) as named float slots, laid out by <see cref="EnvSpec.InfoKeys"/>.
/// An env allocates one buffer at construction, overwrites its slots on every <c>Reset</c> and <c>Step</c> and hands it
/// out in <see cref="EnvInfo.Values"/>, so stepping allocates nothing; like an observation, the buffer is valid until
/// the env's next call (vector envs copy it into buffers of their own).
/// </summary>
/// <example>
/// <code>
/// // In the env: resolve the slot once, write it every step.
/// Spec = new EnvSpec { ..., InfoKeys = ["distance"] };
/// _info = new InfoValues(Spec);
/// _info[DistanceSlot] = distance;
/// return new StepResult(_observation, reward, terminated, truncated, new EnvInfo(reached) { Values = _info });
/// // In the caller:
/// float distance = step.Info.Values!["distance"];
/// </code>
/// </example>
/// <remarks>Two buffers are equal when they have the same names and bit-identical values (so two infos compare by
/// what they hold, as determinism checks need).</remarks>
public sealed class InfoValues : IEquatable<InfoValues>
{
    private readonly InfoKeyList _names;
    private readonly float[] _values;

    /// <summary>Allocates one zeroed slot per name of <paramref name="spec"/>'s <see cref="EnvSpec.InfoKeys"/>.</summary>
    public InfoValues(EnvSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _names = spec.InfoKeyList;
        _values = new float[_names.Count];
    }

    private InfoValues(InfoKeyList names)
    {
        _names = names;
        _values = new float[names.Count];
    }

    /// <summary>The slot names, <c>[Count]</c> (the spec's <see cref="EnvSpec.InfoKeys"/>).</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Number of slots.</summary>
    public int Count => _values.Length;

    /// <summary>The value in slot <paramref name="slot"/>, <c>0 ≤ slot &lt; Count</c>.</summary>
    public float this[int slot]
    {
        get => _values[slot];
        set => _values[slot] = value;
    }

    /// <summary>The value named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No slot has that name; the message lists the names.</exception>
    public float this[string name] =>
        TryGetValue(name, out float value)
            ? value
            : throw new KeyNotFoundException($"No info value '{name}'; the env reports: {(Count == 0 ? "none" : string.Join(", ", Names))}.");

    /// <summary>The values, <c>[Count]</c>, in the order of <see cref="Names"/>.</summary>
    public ReadOnlySpan<float> AsSpan() => _values;

    /// <summary>The slot of <paramref name="name"/>, or −1 when there is none (resolve slots once, outside the step loop).</summary>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Gets the value named <paramref name="name"/>; false when there is no such slot.</summary>
    public bool TryGetValue(string name, out float value)
    {
        int slot = IndexOf(name);
        value = slot >= 0 ? _values[slot] : float.NaN;
        return slot >= 0;
    }

    /// <summary>A new buffer with the same names and a copy of the values (to keep them past the env's next call).</summary>
    public InfoValues Clone()
    {
        var copy = new InfoValues(_names);
        CopyTo(copy);
        return copy;
    }

    /// <summary>True when <paramref name="other"/> has the same names and bit-identical values.</summary>
    public bool Equals(InfoValues? other) =>
        other is not null && _names.Equals(other._names)
        && MemoryMarshal.Cast<float, int>(_values.AsSpan()).SequenceEqual(MemoryMarshal.Cast<float, int>(other._values.AsSpan()));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as InfoValues);

    /// <summary>A hash of the names and the current values (it changes when the values do).</summary>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(_names);
        hash.AddBytes(MemoryMarshal.AsBytes(_values.AsSpan()));
        return hash.ToHashCode();
    }

    /// <summary>The values by name, for example <c>{distance: 0.25}</c>.</summary>
    public override string ToString() =>
        "{" + string.Join(", ", _names.Select((name, i) => string.Create(CultureInfo.InvariantCulture, $"{name}: {_values[i]}"))) + "}";

    /// <summary>Copies every value into <paramref name="destination"/>, which must have the same names.</summary>
    /// <exception cref="ArgumentException">The names differ.</exception>
    public void CopyTo(InfoValues destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!_names.Equals(destination._names))
        {
            throw new ArgumentException(
                $"Info values [{string.Join(", ", Names)}] cannot be copied into a buffer for [{string.Join(", ", destination.Names)}].", nameof(destination));
        }

        _values.AsSpan().CopyTo(destination._values);
    }
}
