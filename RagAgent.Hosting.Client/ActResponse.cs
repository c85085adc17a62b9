namespace RagAgent.Hosting.Contracts;

/// <summary>The answer for one observation.</summary>
/// <param name="Action">Chosen action in [0, numActions); always allowed by the mask.</param>
/// <param name="Probabilities">π(a | observation), <c>[numActions]</c>; masked actions are exactly 0.</param>
/// <param name="Value">The critic's state value.</param>
/// <param name="Model">Policy name.</param>
/// <param name="Version">Version that computed the answer.</param>
public sealed record ActResponse(int Action, float[] Probabilities, float Value, string Model, int Version);

/// <summary>The answers of a batch request, in instance order, all from one version.</summary>
/// <param name="Predictions">One answer per instance.</param>
/// <param name="Model">Policy name.</param>
/// <param name="Version">Version that computed every answer.</param>
public sealed record BatchActResponse(IReadOnlyList<ActResponse> Predictions, string Model, int Version);
