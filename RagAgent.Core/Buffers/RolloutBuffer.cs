using RagAgent.Core.Policies;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Core.Buffers;

/// <summary>
/// On-policy storage for one PPO rollout, preallocated with shape <c>[NumSteps, NumEnvs]</c> (row
/// <c>step * NumEnvs + env</c>), and the generalised advantage estimate over it.
/// </summary>
/// <remarks>
/// Each row holds the observation the action was chosen from (with its action mask, which the update re-applies),
/// the action, its log-probability and value at collection time, the reward, and how the episode ended on that
/// step. A truncated episode (time limit) is bootstrapped: the value of its final observation, given to
/// <see cref="Add"/>, is added as <c>γ · V(final)</c> to that step's reward before GAE, and the step is then treated
/// as the end of the episode. A terminated episode is never bootstrapped.
/// </remarks>
public sealed class RolloutBuffer
{
    private int _step;

    /// <summary>Allocates every buffer for <paramref name="numSteps"/> × <paramref name="numEnvs"/> transitions.</summary>
    public RolloutBuffer(EnvSpec spec, int numSteps, int numEnvs)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(numSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(numEnvs, 1);
        NumSteps = numSteps;
        NumEnvs = numEnvs;
        int size = numSteps * numEnvs;
        Observations = new ObservationBatch(spec, size);
        Actions = new int[size];
        LogProbs = new float[size];
        Values = new float[size];
        Rewards = new float[size];
        Terminated = new bool[size];
        Truncated = new bool[size];
        FinalValues = new float[size];
        Advantages = new float[size];
        Returns = new float[size];
    }

    /// <summary>Steps per env in one rollout (<c>num_steps</c>).</summary>
    public int NumSteps { get; }

    /// <summary>Number of parallel envs (<c>num_envs</c>).</summary>
    public int NumEnvs { get; }

    /// <summary>Transitions in a full buffer: <c>NumSteps × NumEnvs</c>.</summary>
    public int Size => NumSteps * NumEnvs;

    /// <summary>Steps stored since the last <see cref="Clear"/>.</summary>
    public int Count => _step;

    /// <summary>True when <see cref="NumSteps"/> steps are stored.</summary>
    public bool IsFull => _step == NumSteps;

    /// <summary>Observations the actions were chosen from, <c>[NumSteps × NumEnvs]</c> rows, masks included.</summary>
    public ObservationBatch Observations { get; }

    /// <summary>Actions taken, <c>[NumSteps, NumEnvs]</c>.</summary>
    public int[] Actions { get; }

    /// <summary>log π_old(action) at collection time, <c>[NumSteps, NumEnvs]</c>.</summary>
    public float[] LogProbs { get; }

    /// <summary>V_old(observation) at collection time, <c>[NumSteps, NumEnvs]</c>.</summary>
    public float[] Values { get; }

    /// <summary>Env rewards, <c>[NumSteps, NumEnvs]</c> (without the truncation bootstrap).</summary>
    public float[] Rewards { get; }

    /// <summary>The episode reached a terminal state on this step, <c>[NumSteps, NumEnvs]</c>.</summary>
    public bool[] Terminated { get; }

    /// <summary>The episode was cut by a time limit on this step, <c>[NumSteps, NumEnvs]</c>.</summary>
    public bool[] Truncated { get; }

    /// <summary>V(final observation) of episodes truncated on this step, 0 elsewhere, <c>[NumSteps, NumEnvs]</c>.</summary>
    public float[] FinalValues { get; }

    /// <summary>GAE(λ) advantages, <c>[NumSteps, NumEnvs]</c>, valid after <see cref="ComputeReturnsAndAdvantages"/>.</summary>
    public float[] Advantages { get; }

    /// <summary>Value targets <c>Advantages + Values</c>, <c>[NumSteps, NumEnvs]</c>.</summary>
    public float[] Returns { get; }

    /// <summary>Starts a new rollout (buffers are overwritten, not cleared).</summary>
    public void Clear() => _step = 0;

    /// <summary>
    /// Row offset of the next step to store: the trainer writes that step's observations into rows
    /// <c>[NextRow, NextRow + NumEnvs)</c> of <see cref="Observations"/> before calling <see cref="Add"/>.
    /// </summary>
    public int NextRow => _step * NumEnvs;

    /// <summary>Stores one vector step; the observations must already be in <see cref="Observations"/> at <see cref="NextRow"/>.</summary>
    /// <param name="actions">[NumEnvs].</param>
    /// <param name="logProbs">[NumEnvs].</param>
    /// <param name="values">[NumEnvs].</param>
    /// <param name="rewards">[NumEnvs].</param>
    /// <param name="terminated">[NumEnvs].</param>
    /// <param name="truncated">[NumEnvs].</param>
    /// <param name="finalValues">[NumEnvs]: V(final observation) where truncated and not terminated; read only there.</param>
    /// <exception cref="ArgumentException">A span is not [NumEnvs] long, or a reward or value is NaN or infinite (names the
    /// span and the env index); nothing is stored then.</exception>
    public void Add(
        ReadOnlySpan<int> actions,
        ReadOnlySpan<float> logProbs,
        ReadOnlySpan<float> values,
        ReadOnlySpan<float> rewards,
        ReadOnlySpan<bool> terminated,
        ReadOnlySpan<bool> truncated,
        ReadOnlySpan<float> finalValues)
    {
        if (IsFull)
        {
            throw new InvalidOperationException($"RolloutBuffer is full ({NumSteps} steps); call Clear() before a new rollout.");
        }

        CheckEnvs(actions.Length, nameof(actions));
        CheckEnvs(logProbs.Length, nameof(logProbs));
        CheckEnvs(values.Length, nameof(values));
        CheckEnvs(rewards.Length, nameof(rewards));
        CheckEnvs(terminated.Length, nameof(terminated));
        CheckEnvs(truncated.Length, nameof(truncated));
        CheckEnvs(finalValues.Length, nameof(finalValues));
        CheckFinite(rewards, nameof(rewards));
        CheckFinite(values, nameof(values));
        int row = NextRow;
        actions.CopyTo(Actions.AsSpan(row, NumEnvs));
        logProbs.CopyTo(LogProbs.AsSpan(row, NumEnvs));
        values.CopyTo(Values.AsSpan(row, NumEnvs));
        rewards.CopyTo(Rewards.AsSpan(row, NumEnvs));
        terminated.CopyTo(Terminated.AsSpan(row, NumEnvs));
        truncated.CopyTo(Truncated.AsSpan(row, NumEnvs));
        for (int e = 0; e < NumEnvs; e++)
        {
            FinalValues[row + e] = truncated[e] && !terminated[e] ? finalValues[e] : 0f;
        }

        _step++;
    }

    /// <summary>
    /// GAE(λ) backwards over the full buffer:
    /// <c>δ_t = r_t + γ·V_final·trunc_t + γ·V_{t+1}·(1 − done_t) − V_t</c>,
    /// <c>A_t = δ_t + γλ·(1 − done_t)·A_{t+1}</c>, <c>returns = A + V</c>,
    /// where <c>done_t</c> = terminated or truncated on step t and V_{NumSteps} = <paramref name="lastValues"/>.
    /// </summary>
    /// <param name="lastValues">[NumEnvs]: V of the observations after the last stored step.</param>
    /// <param name="gamma">Discount γ, in [0, 1].</param>
    /// <param name="gaeLambda">GAE λ, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> or <paramref name="gaeLambda"/> is outside [0, 1].</exception>
    public void ComputeReturnsAndAdvantages(ReadOnlySpan<float> lastValues, float gamma, float gaeLambda)
    {
        if (!IsFull)
        {
            throw new InvalidOperationException($"RolloutBuffer holds {_step} of {NumSteps} steps; GAE needs a full rollout.");
        }

        CheckEnvs(lastValues.Length, nameof(lastValues));
        CheckFinite(lastValues, nameof(lastValues));
        CheckUnitInterval(gamma, nameof(gamma));
        CheckUnitInterval(gaeLambda, nameof(gaeLambda));
        for (int e = 0; e < NumEnvs; e++)
        {
            float lastGaeLam = 0f;
            float nextValue = lastValues[e];
            for (int t = NumSteps - 1; t >= 0; t--)
            {
                int i = (t * NumEnvs) + e;
                bool done = Terminated[i] || Truncated[i];
                float nextNonTerminal = done ? 0f : 1f;
                float reward = Rewards[i] + (gamma * FinalValues[i]);
                float delta = reward + (gamma * nextValue * nextNonTerminal) - Values[i];
                lastGaeLam = delta + (gamma * gaeLambda * nextNonTerminal * lastGaeLam);
                Advantages[i] = lastGaeLam;
                Returns[i] = lastGaeLam + Values[i];
                nextValue = Values[i];
            }
        }
    }

    private static void CheckFinite(ReadOnlySpan<float> values, string name)
    {
        for (int e = 0; e < values.Length; e++)
        {
            if (!float.IsFinite(values[e]))
            {
                ThrowNotFinite(values[e], e, name);
            }
        }
    }

    private static void ThrowNotFinite(float value, int env, string name) =>
        throw new ArgumentException($"{name}[{env}] is {(float.IsNaN(value) ? "NaN" : "infinite")}; expected finite values for every env.", name);

    private static void CheckUnitInterval(float value, string name)
    {
        if (!(value is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1], got {value}.");
        }
    }

    private void CheckEnvs(int length, string name)
    {
        if (length != NumEnvs)
        {
            throw new ArgumentException($"{name} has {length} entries; expected [NumEnvs] = {NumEnvs}.", name);
        }
    }
}
