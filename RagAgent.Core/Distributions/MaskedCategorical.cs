using RagAgent.Envs.Randomness;

namespace RagAgent.Core.Distributions;

/// <summary>
/// A categorical distribution over discrete actions given by logits and an action mask (<c>true</c> = allowed).
/// Forbidden actions have probability exactly 0 and take no part in the normaliser, the entropy or the gradients,
/// whatever their logit holds (typically <see cref="ActionMasking.MaskedLogit"/>).
/// </summary>
/// <remarks>
/// The log-softmax is stable: it subtracts the largest allowed logit before exponentiating, so
/// <c>[100, 0, -1e8]</c> gives finite log-probabilities where a plain softmax overflows to NaN.
/// Row methods take one row <c>[actions]</c>; batch methods take row-major <c>[batch, actions]</c> logits and masks.
/// Nothing is allocated.
/// </remarks>
public static class MaskedCategorical
{
    /// <summary>log Z = log Σ_{allowed} exp(logits), computed as max + log Σ exp(logits − max).</summary>
    /// <param name="logits">[actions].</param>
    /// <param name="mask">[actions], <c>true</c> = allowed; at least one entry must be true.</param>
    /// <exception cref="ArgumentException">Lengths differ, or no action is allowed.</exception>
    public static float LogNormalizer(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask)
    {
        float max = MaxAllowed(logits, mask);
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            if (mask[i])
            {
                sum += Math.Exp(logits[i] - max);
            }
        }

        return max + (float)Math.Log(sum);
    }

    /// <summary>
    /// Stable masked log-softmax: <c>logProbs[i] = logits[i] − log Z</c> for allowed actions and
    /// <see cref="float.NegativeInfinity"/> (log 0) for forbidden ones.
    /// </summary>
    /// <param name="logits">[actions].</param>
    /// <param name="mask">[actions].</param>
    /// <param name="logProbs">[actions] output.</param>
    public static void LogSoftmax(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, Span<float> logProbs)
    {
        CheckRow(logits, mask, logProbs.Length, nameof(logProbs));
        float logZ = LogNormalizer(logits, mask);
        for (int i = 0; i < logits.Length; i++)
        {
            logProbs[i] = mask[i] ? logits[i] - logZ : float.NegativeInfinity;
        }
    }

    /// <summary>Probabilities <c>exp(logits − log Z)</c> over allowed actions; forbidden actions get exactly 0.</summary>
    /// <param name="logits">[actions].</param>
    /// <param name="mask">[actions].</param>
    /// <param name="probs">[actions] output.</param>
    public static void Probabilities(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, Span<float> probs)
    {
        CheckRow(logits, mask, probs.Length, nameof(probs));
        float logZ = LogNormalizer(logits, mask);
        for (int i = 0; i < logits.Length; i++)
        {
            probs[i] = mask[i] ? MathF.Exp(logits[i] - logZ) : 0f;
        }
    }

    /// <summary>log π(<paramref name="action"/>); throws when the action is forbidden (its log-probability is −∞).</summary>
    /// <param name="logits">[actions].</param>
    /// <param name="mask">[actions].</param>
    /// <param name="action">An allowed action.</param>
    public static float LogProb(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, int action)
    {
        CheckRow(logits, mask, logits.Length, nameof(logits));
        CheckAllowed(mask, action);
        return logits[action] - LogNormalizer(logits, mask);
    }

    /// <summary>Entropy H = −Σ_{allowed} p log p; forbidden actions contribute nothing.</summary>
    /// <param name="logits">[actions].</param>
    /// <param name="mask">[actions].</param>
    public static float Entropy(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask)
    {
        CheckRow(logits, mask, logits.Length, nameof(logits));
        return Entropy(logits, mask, LogNormalizer(logits, mask));
    }

    /// <summary>The most probable allowed action (the first one on ties).</summary>
    /// <param name="logits">[actions].</param>
    /// <param name="mask">[actions].</param>
    public static int Mode(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask)
    {
        CheckRow(logits, mask, logits.Length, nameof(logits));
        int best = -1;
        for (int i = 0; i < logits.Length; i++)
        {
            if (mask[i] && (best < 0 || logits[i] > logits[best]))
            {
                best = i;
            }
        }

        if (best < 0)
        {
            ThrowNoAllowedAction(nameof(mask));
        }

        return best;
    }

    /// <summary>
    /// Draws an action by inverse CDF over the allowed actions with one uniform number from <paramref name="random"/>;
    /// a forbidden action is never returned.
    /// </summary>
    /// <param name="logits">[actions].</param>
    /// <param name="mask">[actions].</param>
    /// <param name="random">Source of the uniform number.</param>
    /// <param name="logProb">log π of the drawn action.</param>
    public static int Sample(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, EnvRandom random, out float logProb)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckRow(logits, mask, logits.Length, nameof(logits));
        float max = MaxAllowed(logits, mask);
        double sum = 0;
        int lastAllowed = -1;
        for (int i = 0; i < logits.Length; i++)
        {
            if (mask[i])
            {
                sum += Math.Exp(logits[i] - max);
                lastAllowed = i;
            }
        }

        double u = random.NextDouble() * sum;
        double cumulative = 0;
        int action = lastAllowed;
        for (int i = 0; i < lastAllowed; i++)
        {
            if (mask[i])
            {
                cumulative += Math.Exp(logits[i] - max);
                if (u < cumulative)
                {
                    action = i;
                    break;
                }
            }
        }

        logProb = logits[action] - (max + (float)Math.Log(sum));
        return action;
    }

    /// <summary>
    /// Gradient with respect to the logits of <c>a · log π(action) + b · H</c>:
    /// <c>grad[j] = a · (1[j = action] − p_j) − b · p_j · (log p_j + H)</c> for allowed j, 0 for forbidden j.
    /// </summary>
    /// <param name="logits">[actions].</param>
    /// <param name="mask">[actions].</param>
    /// <param name="action">The allowed action whose log-probability is differentiated.</param>
    /// <param name="logProbWeight">a, the loss's derivative with respect to log π(action).</param>
    /// <param name="entropyWeight">b, the loss's derivative with respect to H.</param>
    /// <param name="grad">[actions] output (overwritten).</param>
    public static void Gradient(
        ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, int action, float logProbWeight, float entropyWeight, Span<float> grad)
    {
        CheckRow(logits, mask, grad.Length, nameof(grad));
        CheckAllowed(mask, action);
        float logZ = LogNormalizer(logits, mask);
        float entropy = Entropy(logits, mask, logZ);
        for (int j = 0; j < logits.Length; j++)
        {
            if (!mask[j])
            {
                grad[j] = 0f;
                continue;
            }

            float logP = logits[j] - logZ;
            float p = MathF.Exp(logP);
            float g = -(logProbWeight * p) - (entropyWeight * p * (logP + entropy));
            grad[j] = j == action ? g + logProbWeight : g;
        }
    }

    /// <summary>Samples one action per row and its log-probability.</summary>
    /// <param name="logits">[batch, actions].</param>
    /// <param name="masks">[batch, actions].</param>
    /// <param name="numActions">Actions per row.</param>
    /// <param name="random">Source of the uniform numbers (one per row, in row order).</param>
    /// <param name="actions">[batch] output.</param>
    /// <param name="logProbs">[batch] output.</param>
    public static void SampleBatch(
        ReadOnlySpan<float> logits, ReadOnlySpan<bool> masks, int numActions, EnvRandom random, Span<int> actions, Span<float> logProbs)
    {
        int batch = CheckBatch(logits, masks, numActions, actions.Length, nameof(actions));
        CheckLength(logProbs.Length, batch, nameof(logProbs));
        for (int r = 0; r < batch; r++)
        {
            actions[r] = Sample(logits.Slice(r * numActions, numActions), masks.Slice(r * numActions, numActions), random, out float lp);
            logProbs[r] = lp;
        }
    }

    /// <summary>The most probable allowed action of each row.</summary>
    /// <param name="logits">[batch, actions].</param>
    /// <param name="masks">[batch, actions].</param>
    /// <param name="numActions">Actions per row.</param>
    /// <param name="actions">[batch] output.</param>
    public static void ModeBatch(ReadOnlySpan<float> logits, ReadOnlySpan<bool> masks, int numActions, Span<int> actions)
    {
        int batch = CheckBatch(logits, masks, numActions, actions.Length, nameof(actions));
        for (int r = 0; r < batch; r++)
        {
            actions[r] = Mode(logits.Slice(r * numActions, numActions), masks.Slice(r * numActions, numActions));
        }
    }

    /// <summary>Log-probability of the given action and entropy of each row (what PPO's update re-evaluates).</summary>
    /// <param name="logits">[batch, actions].</param>
    /// <param name="masks">[batch, actions].</param>
    /// <param name="numActions">Actions per row.</param>
    /// <param name="actions">[batch], each allowed by its row's mask.</param>
    /// <param name="logProbs">[batch] output.</param>
    /// <param name="entropies">[batch] output.</param>
    public static void EvaluateBatch(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<bool> masks,
        int numActions,
        ReadOnlySpan<int> actions,
        Span<float> logProbs,
        Span<float> entropies)
    {
        int batch = CheckBatch(logits, masks, numActions, actions.Length, nameof(actions));
        CheckLength(logProbs.Length, batch, nameof(logProbs));
        CheckLength(entropies.Length, batch, nameof(entropies));
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> row = logits.Slice(r * numActions, numActions);
            ReadOnlySpan<bool> mask = masks.Slice(r * numActions, numActions);
            CheckAllowed(mask, actions[r]);
            float logZ = LogNormalizer(row, mask);
            logProbs[r] = row[actions[r]] - logZ;
            entropies[r] = Entropy(row, mask, logZ);
        }
    }

    private static float Entropy(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, float logZ)
    {
        float entropy = 0f;
        for (int i = 0; i < logits.Length; i++)
        {
            if (mask[i])
            {
                float logP = logits[i] - logZ;
                entropy -= MathF.Exp(logP) * logP;
            }
        }

        return entropy;
    }

    private static float MaxAllowed(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask)
    {
        if (mask.Length != logits.Length)
        {
            throw new ArgumentException($"mask has {mask.Length} entries; logits has {logits.Length}. Expected equal lengths [actions].", nameof(mask));
        }

        float max = float.NegativeInfinity;
        bool any = false;
        for (int i = 0; i < logits.Length; i++)
        {
            if (mask[i])
            {
                any = true;
                float logit = logits[i];
                if (!float.IsFinite(logit))
                {
                    ThrowNonFiniteLogit(logit, i, nameof(logits));
                }

                if (logit > max)
                {
                    max = logit;
                }
            }
        }

        if (!any)
        {
            ThrowNoAllowedAction(nameof(mask));
        }

        return max;
    }

    private static void ThrowNonFiniteLogit(float logit, int action, string paramName) =>
        throw new ArgumentException(
            $"logits hold a non-finite value ({(float.IsNaN(logit) ? "NaN" : logit > 0 ? "+infinity" : "-infinity")}) at allowed action {action}.",
            paramName);

    private static void CheckRow(ReadOnlySpan<float> logits, ReadOnlySpan<bool> mask, int outputLength, string outputName)
    {
        if (mask.Length != logits.Length)
        {
            throw new ArgumentException($"mask has {mask.Length} entries; logits has {logits.Length}. Expected equal lengths [actions].", nameof(mask));
        }

        if (outputLength != logits.Length)
        {
            throw new ArgumentException($"{outputName} has {outputLength} entries; expected [actions] = {logits.Length}.", outputName);
        }
    }

    private static int CheckBatch(ReadOnlySpan<float> logits, ReadOnlySpan<bool> masks, int numActions, int batch, string batchName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numActions, 1);
        if (logits.Length != batch * numActions)
        {
            throw new ArgumentException(
                $"logits has {logits.Length} entries; expected [batch, actions] = [{batch}, {numActions}] from {batchName}.", nameof(logits));
        }

        if (masks.Length != logits.Length)
        {
            throw new ArgumentException($"masks has {masks.Length} entries; expected [batch, actions] = [{batch}, {numActions}].", nameof(masks));
        }

        return batch;
    }

    private static void CheckLength(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"{name} has {length} entries; expected [batch] = {expected}.", name);
        }
    }

    private static void CheckAllowed(ReadOnlySpan<bool> mask, int action)
    {
        if ((uint)action >= (uint)mask.Length || !mask[action])
        {
            throw new ArgumentException(
                $"action {action} is outside [0, {mask.Length}) or forbidden by the mask; its log-probability is -infinity.", nameof(action));
        }
    }

    private static void ThrowNoAllowedAction(string paramName) =>
        throw new ArgumentException("mask allows no action: at least one entry of [actions] must be true.", paramName);
}
