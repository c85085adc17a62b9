using RagAgent.Envs.Abstractions;
using RagAgent.Core.Buffers;
using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Envs.Randomness;

namespace RagAgent.Core.Algorithms.Ppo;

/// <summary>
/// The PPO-Clip update over a full <see cref="RolloutBuffer"/>: epochs of shuffled minibatches, each re-evaluated by
/// the policy, with the clipped surrogate, the (optionally clipped) value loss and the entropy bonus. The loss's
/// gradients with respect to logits and values are assembled analytically and handed to
/// <see cref="IActorCritic.Backward"/>. Buffers are allocated once; an update allocates nothing.
/// </summary>
public sealed class PpoUpdate
{
    private readonly IActorCritic _policy;
    private readonly IPolicyOptimizer _optimizer;
    private readonly PpoOptions _options;
    private readonly int _numActions;
    private readonly int[] _indices;
    private readonly ObservationBatch _minibatch;
    private readonly int[] _actions;
    private readonly float[] _logits;
    private readonly float[] _values;
    private readonly float[] _newLogProbs;
    private readonly float[] _entropies;
    private readonly float[] _advantages;
    private readonly float[] _logitGradients;
    private readonly float[] _valueGradients;

    /// <summary>Allocates the minibatch buffers for <paramref name="options"/>.</summary>
    public PpoUpdate(IActorCritic policy, IPolicyOptimizer optimizer, PpoOptions options)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int mb = options.MinibatchSize;
        _policy = policy;
        _optimizer = optimizer;
        _options = options;
        _numActions = policy.Spec.NumActions;
        _indices = new int[options.BatchSize];
        _minibatch = new ObservationBatch(policy.Spec, mb);
        _actions = new int[mb];
        _logits = new float[mb * _numActions];
        _values = new float[mb];
        _newLogProbs = new float[mb];
        _entropies = new float[mb];
        _advantages = new float[mb];
        _logitGradients = new float[mb * _numActions];
        _valueGradients = new float[mb];
    }

    /// <summary>
    /// Runs the update. <paramref name="buffer"/> must be full with advantages and returns computed.
    /// </summary>
    /// <param name="buffer">The rollout, sized <c>[NumSteps, NumEnvs]</c> of the options.</param>
    /// <param name="learningRate">Learning rate of every optimizer step (after annealing).</param>
    /// <param name="clipCoef">Clip ε for the surrogate and the value loss (after annealing).</param>
    /// <param name="random">Shuffles the minibatch order.</param>
    /// <exception cref="ArithmeticException">A minibatch's policy loss, value loss, entropy or gradient norm is NaN or
    /// infinite (names the quantity, the epoch and the minibatch); the optimizer step of that minibatch is not taken.</exception>
    public PpoUpdateStats Run(RolloutBuffer buffer, float learningRate, float clipCoef, EnvRandom random)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(random);
        if (buffer.Size != _options.BatchSize || !buffer.IsFull)
        {
            throw new ArgumentException(
                $"buffer must be a full rollout of BatchSize = {_options.BatchSize} transitions; it holds {buffer.Count * buffer.NumEnvs} of {buffer.Size}.",
                nameof(buffer));
        }

        int batchSize = _options.BatchSize;
        int minibatchSize = _options.MinibatchSize;
        for (int i = 0; i < batchSize; i++)
        {
            _indices[i] = i;
        }

        double policyLoss = 0, valueLoss = 0, entropy = 0, approxKl = 0, oldApproxKl = 0, clipFraction = 0, gradNorm = 0;
        int minibatches = 0;
        int epochs = 0;
        for (int epoch = 0; epoch < _options.UpdateEpochs; epoch++)
        {
            epochs++;
            random.Shuffle(_indices.AsSpan());
            double epochKl = 0;
            int epochMinibatches = 0;
            for (int start = 0; start < batchSize; start += minibatchSize)
            {
                MinibatchStats s = TrainMinibatch(buffer, _indices.AsSpan(start, minibatchSize), learningRate, clipCoef, epoch, epochMinibatches);
                policyLoss += s.PolicyLoss;
                valueLoss += s.ValueLoss;
                entropy += s.Entropy;
                approxKl += s.ApproxKl;
                oldApproxKl += s.OldApproxKl;
                clipFraction += s.ClipFraction;
                gradNorm += s.GradNorm;
                epochKl += s.ApproxKl;
                epochMinibatches++;
                minibatches++;
            }

            if (_options.TargetKl is float targetKl && epochKl / epochMinibatches > targetKl)
            {
                break;
            }
        }

        return new PpoUpdateStats(
            (float)(policyLoss / minibatches),
            (float)(valueLoss / minibatches),
            (float)(entropy / minibatches),
            (float)(approxKl / minibatches),
            (float)(oldApproxKl / minibatches),
            (float)(clipFraction / minibatches),
            ExplainedVariance(buffer.Values, buffer.Returns),
            (float)(gradNorm / minibatches),
            epochs,
            minibatches);
    }

    /// <summary>1 − Var(returns − values) / Var(returns); NaN when Var(returns) is 0.</summary>
    /// <param name="values">[n] predictions.</param>
    /// <param name="returns">[n] targets.</param>
    public static float ExplainedVariance(ReadOnlySpan<float> values, ReadOnlySpan<float> returns)
    {
        if (values.Length != returns.Length || values.Length == 0)
        {
            throw new ArgumentException($"values has {values.Length} entries, returns {returns.Length}; expected equal non-zero lengths [n].", nameof(values));
        }

        double meanY = 0, meanDiff = 0;
        for (int i = 0; i < returns.Length; i++)
        {
            meanY += returns[i];
            meanDiff += returns[i] - values[i];
        }

        meanY /= returns.Length;
        meanDiff /= returns.Length;
        double varY = 0, varDiff = 0;
        for (int i = 0; i < returns.Length; i++)
        {
            double y = returns[i] - meanY;
            double d = returns[i] - values[i] - meanDiff;
            varY += y * y;
            varDiff += d * d;
        }

        return varY == 0 ? float.NaN : (float)(1 - (varDiff / varY));
    }

    private MinibatchStats TrainMinibatch(RolloutBuffer buffer, ReadOnlySpan<int> rows, float learningRate, float clipCoef, int epoch, int minibatch)
    {
        int n = rows.Length;
        int numActions = _numActions;
        for (int k = 0; k < n; k++)
        {
            int row = rows[k];
            buffer.Observations.CopyRowTo(row, _minibatch, k);
            _actions[k] = buffer.Actions[row];
            _advantages[k] = buffer.Advantages[row];
        }

        Span<float> logits = _logits.AsSpan(0, n * numActions);
        Span<float> values = _values.AsSpan(0, n);
        ReadOnlySpan<bool> masks = _minibatch.ActionMasks.AsSpan(0, n * numActions);
        _policy.Forward(_minibatch, n, logits, values);
        MaskedCategorical.EvaluateBatch(logits, masks, numActions, _actions.AsSpan(0, n), _newLogProbs.AsSpan(0, n), _entropies.AsSpan(0, n));

        if (_options.NormAdvantages && n > 1)
        {
            NormalizeAdvantages(_advantages.AsSpan(0, n));
        }

        float invN = 1f / n;
        double policyLoss = 0, valueLoss = 0, entropySum = 0, approxKl = 0, oldApproxKl = 0;
        int clipped = 0;
        for (int k = 0; k < n; k++)
        {
            int row = rows[k];
            float logRatio = _newLogProbs[k] - buffer.LogProbs[row];
            float ratio = MathF.Exp(logRatio);
            oldApproxKl -= logRatio;
            approxKl += ratio - 1f - logRatio;
            if (MathF.Abs(ratio - 1f) > clipCoef)
            {
                clipped++;
            }

            // Clipped surrogate: max(−A·r, −A·clip(r, 1 − ε, 1 + ε)).
            float advantage = _advantages[k];
            float unclippedLoss = -advantage * ratio;
            float clippedLoss = -advantage * Math.Clamp(ratio, 1f - clipCoef, 1f + clipCoef);
            float dLossDLogProb;
            if (unclippedLoss >= clippedLoss)
            {
                policyLoss += unclippedLoss;
                dLossDLogProb = -advantage * ratio * invN; // ∂(−A·r)/∂log π = −A·r
            }
            else
            {
                policyLoss += clippedLoss;
                dLossDLogProb = 0f; // the clamp is active: no gradient
            }

            entropySum += _entropies[k];
            MaskedCategorical.Gradient(
                logits.Slice(k * numActions, numActions),
                masks.Slice(k * numActions, numActions),
                _actions[k],
                dLossDLogProb,
                -_options.EntCoef * invN,
                _logitGradients.AsSpan(k * numActions, numActions));

            // Value loss 0.5·(V − R)², or 0.5·max((V − R)², (V_old + clip(V − V_old, ±ε) − R)²).
            float value = values[k];
            float target = buffer.Returns[row];
            float error = value - target;
            float unclippedValueLoss = error * error;
            float dLossDValue = _options.VfCoef * error * invN;
            if (_options.ClipValueLoss)
            {
                float oldValue = buffer.Values[row];
                float clippedError = oldValue + Math.Clamp(value - oldValue, -clipCoef, clipCoef) - target;
                float clippedValueLoss = clippedError * clippedError;
                if (clippedValueLoss > unclippedValueLoss)
                {
                    unclippedValueLoss = clippedValueLoss;
                    dLossDValue = 0f; // the clamp is active: no gradient
                }
            }

            valueLoss += 0.5 * unclippedValueLoss;
            _valueGradients[k] = dLossDValue;
        }

        RequireFinite(policyLoss, "policy loss", epoch, minibatch);
        RequireFinite(valueLoss, "value loss", epoch, minibatch);
        RequireFinite(entropySum, "entropy", epoch, minibatch);
        _optimizer.ZeroGrad();
        _policy.Backward(_logitGradients.AsSpan(0, n * numActions), _valueGradients.AsSpan(0, n));
        float gradNorm = _optimizer.ClipGradNorm(_options.MaxGradNorm);
        RequireFinite(gradNorm, "gradient norm", epoch, minibatch);
        _optimizer.Step(learningRate);

        return new MinibatchStats(
            (float)(policyLoss * invN),
            (float)(valueLoss * invN),
            (float)(entropySum * invN),
            (float)(approxKl * invN),
            (float)(oldApproxKl * invN),
            clipped * invN,
            gradNorm);
    }

    /// <summary>Stops the update before a NaN or infinity reaches the weights.</summary>
    private static void RequireFinite(double value, string quantity, int epoch, int minibatch)
    {
        if (!double.IsFinite(value))
        {
            ThrowNotFinite(value, quantity, epoch, minibatch);
        }
    }

    private static void ThrowNotFinite(double value, string quantity, int epoch, int minibatch) =>
        throw new ArithmeticException(
            $"PPO update stopped at epoch {epoch + 1}, minibatch {minibatch + 1}: the {quantity} is {(double.IsNaN(value) ? "NaN" : "infinite")}, so the optimizer step was not taken. "
            + "Check the observations, rewards and values for NaN or infinity, or lower LearningRate or MaxGradNorm.");

    /// <summary>(A − mean) / (std + 1e-8) with the unbiased standard deviation, as PyTorch's <c>std()</c>.</summary>
    private static void NormalizeAdvantages(Span<float> advantages)
    {
        double mean = 0;
        foreach (float a in advantages)
        {
            mean += a;
        }

        mean /= advantages.Length;
        double variance = 0;
        foreach (float a in advantages)
        {
            variance += (a - mean) * (a - mean);
        }

        double std = Math.Sqrt(variance / (advantages.Length - 1));
        float invStd = (float)(1 / (std + 1e-8));
        float m = (float)mean;
        for (int i = 0; i < advantages.Length; i++)
        {
            advantages[i] = (advantages[i] - m) * invStd;
        }
    }

    private readonly record struct MinibatchStats(
        float PolicyLoss, float ValueLoss, float Entropy, float ApproxKl, float OldApproxKl, float ClipFraction, float GradNorm);
}
