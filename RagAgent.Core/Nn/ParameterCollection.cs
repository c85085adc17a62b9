using System.Collections;
using RagAgent.Core.Tensors;

namespace RagAgent.Core.Nn;

/// <summary>
/// The parameters of a network in registration order, with unique dotted names (PyTorch's <c>state_dict</c> keys,
/// for example <c>actor.0.weight</c>). The order is stable, so exports and optimizer states line up.
/// </summary>
public sealed class ParameterCollection : IReadOnlyList<Parameter>
{
    private readonly List<Parameter> _items = [];
    private readonly Dictionary<string, Parameter> _byName = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <summary>Total number of scalar parameters.</summary>
    public int ElementCount => _items.Sum(p => p.Length);

    /// <inheritdoc />
    public Parameter this[int index] => _items[index];

    /// <summary>The parameter called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public Parameter this[string name] =>
        _byName.TryGetValue(name, out Parameter? p) ? p : throw new KeyNotFoundException($"No parameter named '{name}'.");

    /// <summary>Creates and registers a zero-valued parameter.</summary>
    /// <exception cref="ArgumentException">The name is already taken.</exception>
    public Parameter Add(string name, params int[] shape)
    {
        var parameter = new Parameter(name, shape);
        if (!_byName.TryAdd(name, parameter))
        {
            throw new ArgumentException($"A parameter named '{name}' is already registered.", nameof(name));
        }

        _items.Add(parameter);
        return parameter;
    }

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (Parameter p in _items)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Copies of the values by name, in registration order.</summary>
    public IReadOnlyList<NamedTensor> Export() =>
        _items.Select(p => new NamedTensor(p.Name, p.Shape, (float[])p.Value.Clone())).ToArray();

    /// <summary>
    /// Loads values by name. Every parameter must be present with its exact shape and no unknown tensor may be
    /// given; nothing is changed unless all checks pass.
    /// </summary>
    /// <exception cref="ArgumentException">Names the first missing, unknown or mis-shaped tensor and the expected shape.</exception>
    public void Import(IReadOnlyList<NamedTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var given = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (NamedTensor t in tensors)
        {
            if (!_byName.ContainsKey(t.Name))
            {
                throw new ArgumentException(
                    $"Unexpected tensor '{t.Name}' {Parameter.FormatShape(t.Shape)}: this network has {string.Join(", ", _items.Select(p => p.Name))}.",
                    nameof(tensors));
            }

            if (!given.TryAdd(t.Name, t))
            {
                throw new ArgumentException($"Tensor '{t.Name}' is given twice.", nameof(tensors));
            }
        }

        foreach (Parameter p in _items)
        {
            if (!given.TryGetValue(p.Name, out NamedTensor? t))
            {
                throw new ArgumentException($"Missing tensor '{p.Name}' (expected shape {p.ShapeText}).", nameof(tensors));
            }

            if (!p.HasShape(t.Shape) || t.Data.Length != p.Length)
            {
                throw new ArgumentException(
                    $"Tensor '{p.Name}' has shape {Parameter.FormatShape(t.Shape)} with {t.Data.Length} values; expected shape {p.ShapeText}.",
                    nameof(tensors));
            }
        }

        foreach (Parameter p in _items)
        {
            given[p.Name].Data.AsSpan().CopyTo(p.Value);
        }
    }

    /// <summary>Copies all values from <paramref name="source"/>, which must have the same names and shapes.</summary>
    public void CopyValuesFrom(ParameterCollection source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Import(source.Export());
    }

    /// <inheritdoc />
    public IEnumerator<Parameter> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
