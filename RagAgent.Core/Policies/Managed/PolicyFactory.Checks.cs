using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Core.Policies.Managed;

/// <summary>Argument checks shared by the managed policies' forward and backward passes.</summary>
public static partial class PolicyFactory
{
    /// <summary>Throws unless the batch fits the policy's spec and the output spans hold <c>count</c> rows.</summary>
    internal static void ValidateForward(IActorCritic policy, ObservationBatch batch, int count, int logitsLength, int valuesLength)
    {
        ArgumentNullException.ThrowIfNull(batch);
        EnvSpec s = policy.Spec;
        s.RequireSameShape(batch.Spec, nameof(batch));

        if (count < 1 || count > batch.Capacity)
        {
            ThrowCount(count, batch.Capacity, nameof(count));
        }

        if (logitsLength < count * s.NumActions)
        {
            ThrowShort("logits", logitsLength, count, s.NumActions, "count, NumActions");
        }

        if (valuesLength < count)
        {
            ThrowShort("values", valuesLength, count, 1, "count");
        }
    }

    /// <summary>Throws unless a forward pass ran and the gradient spans hold its rows; returns its row count.</summary>
    internal static int ValidateBackward(int lastCount, int actions, int logitGradientsLength, int valueGradientsLength)
    {
        if (lastCount == 0)
        {
            ThrowNoForward();
        }

        if (logitGradientsLength < lastCount * actions)
        {
            ThrowShort("logitGradients", logitGradientsLength, lastCount, actions, "count, NumActions");
        }

        if (valueGradientsLength < lastCount)
        {
            ThrowShort("valueGradients", valueGradientsLength, lastCount, 1, "count");
        }

        return lastCount;
    }

    /// <summary>Returns the task id of row <paramref name="row"/>, throwing when it is outside [0, numTasks).</summary>
    internal static int ValidateTaskId(ObservationBatch batch, int row, int numTasks)
    {
        int task = batch.TaskIds[row];
        if ((uint)task >= (uint)numTasks)
        {
            ThrowTask(row, task, numTasks, nameof(batch));
        }

        return task;
    }

    private static void ThrowCount(int count, int capacity, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, count, $"count must be in [1, {capacity}] (the batch's capacity).");

    private static void ThrowShort(string name, int length, int rows, int width, string shape) =>
        throw new ArgumentException($"{name} has {length} entries; expected at least {rows * width} for shape [{shape}] = [{rows}, {width}].", name);

    private static void ThrowNoForward() =>
        throw new InvalidOperationException("Backward needs a Forward first: no activations are stored.");

    private static void ThrowTask(int row, int task, int numTasks, string paramName) =>
        throw new ArgumentException($"{paramName}.TaskIds[{row}] = {task} is outside [0, {numTasks}).", paramName);
}
