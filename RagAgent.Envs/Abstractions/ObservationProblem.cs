using System.Globalization;

namespace RagAgent.Envs.Abstractions;

/// <summary>One thing wrong with an observation: what, in which field and at which index, and what was expected.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Part">The field.</param>
/// <param name="Index">Index into the field's flat buffer (for <see cref="ObservationPart.NodeFeatures"/>, <c>node × NodeFeatureSize + feature</c>), or −1 when the problem is the whole field.</param>
/// <param name="Detail">What was found and what the spec expects, without the field name, for example <c>"is NaN; expected a finite number"</c> (no final period).</param>
public readonly record struct ObservationProblem(ObservationProblemKind Kind, ObservationPart Part, int Index, string Detail)
{
    /// <summary>The field with its index, for example <c>GoalFeatures[3]</c> or <c>ActionMask</c>.</summary>
    public string Field => Index < 0 ? Part.ToString() : string.Create(CultureInfo.InvariantCulture, $"{Part}[{Index}]");

    /// <summary>The whole message, for example <c>Observation.GoalFeatures[3] is NaN; expected a finite number</c>.</summary>
    public override string ToString() => $"Observation.{Field} {Detail}";
}
