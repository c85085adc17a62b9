using System.Collections.Immutable;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Hosting.Models;

/// <summary>
/// A named policy: its versions, the one being served, and its contract (the observation/action spec every version
/// must have). Readers take <see cref="Active"/> once per request; the store swaps it atomically, so activation never
/// disturbs a request in flight.
/// </summary>
public sealed class PolicyEntry(string name)
{
    private volatile PolicyVersion? _active;
    private volatile ImmutableSortedDictionary<int, PolicyVersion> _versions = ImmutableSortedDictionary<int, PolicyVersion>.Empty;
    private volatile TrafficRouting _routing = TrafficRouting.Empty;
    private long _tickets;

    /// <summary>Policy name (the folder name).</summary>
    public string Name { get; } = name;

    /// <summary>The version being served, or null when no version is ready.</summary>
    public PolicyVersion? Active => _active;

    /// <summary>All versions found, ready or rejected, by number.</summary>
    public ImmutableSortedDictionary<int, PolicyVersion> Versions => _versions;

    /// <summary>
    /// The policy's observation/action spec: set by the first version that becomes ready (see the store's load
    /// order); every later version must match it. Null while no version is ready.
    /// </summary>
    public EnvSpec? Spec { get; internal set; }

    /// <summary>Version labels and the traffic split of unpinned requests.</summary>
    public TrafficRouting Routing => _routing;

    /// <summary>
    /// The version an unpinned <c>:act</c> request goes to: by the traffic split when one is set (a label whose version
    /// is not ready falls back to the active version), else the active version.
    /// </summary>
    public PolicyVersion? ChooseForRequest()
    {
        TrafficRouting routing = _routing;
        return routing.Traffic.Count > 0
            && routing.LabelFor(Interlocked.Increment(ref _tickets)) is string label
            && Labelled(label) is { } labelled
            ? labelled
            : _active;
    }

    /// <summary>The ready version <paramref name="label"/> points at, or null.</summary>
    public PolicyVersion? Labelled(string label) =>
        _routing.Labels.TryGetValue(label, out int number) && _versions.TryGetValue(number, out PolicyVersion? version) && version.IsReady
            ? version
            : null;

    internal void SetRouting(TrafficRouting routing) => _routing = routing;

    internal void SetActive(PolicyVersion? version) => _active = version;

    internal void SetVersion(PolicyVersion version) => _versions = _versions.SetItem(version.Number, version);

    internal void RemoveVersion(int number) => _versions = _versions.Remove(number);
}
