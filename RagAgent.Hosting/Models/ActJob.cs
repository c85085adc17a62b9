using RagAgent.Envs.Abstractions;

namespace RagAgent.Hosting.Models;

/// <summary>
/// The observations of one <c>:act</c> request on their way through the <see cref="MicroBatcher"/>, and the
/// answers: action probabilities (masked actions exactly 0) and state values.
/// </summary>
public sealed class ActJob
{
    /// <summary>Creates a job for <paramref name="observations"/> of a policy with <paramref name="numActions"/> actions.</summary>
    public ActJob(Observation[] observations, int numActions)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentOutOfRangeException.ThrowIfLessThan(observations.Length, 1);
        Observations = observations;
        NumActions = numActions;
        Logits = new float[observations.Length * numActions];
        Probabilities = new float[observations.Length * numActions];
        Values = new float[observations.Length];
        Remaining = observations.Length;
    }

    /// <summary>The validated observations, one per row.</summary>
    public Observation[] Observations { get; }

    /// <summary>Actions per row.</summary>
    public int NumActions { get; }

    /// <summary>The policy's logits, <c>[rows, NumActions]</c> (masked actions hold the mask value).</summary>
    public float[] Logits { get; }

    /// <summary>Action probabilities of the masked categorical, <c>[rows, NumActions]</c>; masked actions exactly 0.</summary>
    public float[] Probabilities { get; }

    /// <summary>State values, <c>[rows]</c>.</summary>
    public float[] Values { get; }

    /// <summary>Completes when every row has been evaluated (or faults when the forward pass failed).</summary>
    public Task Completion => Source.Task;

    /// <summary>Next row to put into a forward pass (owned by the batcher's lock).</summary>
    internal int NextRow { get; set; }

    /// <summary>When the job was queued (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    internal long EnqueuedTimestamp { get; set; }

    /// <summary>Rows not yet evaluated.</summary>
    internal int Remaining;

    internal TaskCompletionSource Source { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Logits of row <paramref name="row"/>, <c>[NumActions]</c>.</summary>
    public ReadOnlySpan<float> LogitsOf(int row) => Logits.AsSpan(row * NumActions, NumActions);

    /// <summary>Probabilities of row <paramref name="row"/>, <c>[NumActions]</c>.</summary>
    public ReadOnlySpan<float> ProbabilitiesOf(int row) => Probabilities.AsSpan(row * NumActions, NumActions);
}
