namespace RagAgent.Core.Algorithms.Ppo;

/// <summary>What one PPO update measured; losses are means over every minibatch it ran.</summary>
/// <param name="PolicyLoss">Clipped surrogate loss (<c>losses/policy_loss</c>).</param>
/// <param name="ValueLoss">Value loss, <c>0.5 · mean((V − returns)²)</c>, clipped when enabled (<c>losses/value_loss</c>).</param>
/// <param name="Entropy">Mean entropy of the masked policy (<c>losses/entropy</c>).</param>
/// <param name="ApproxKl">Mean of <c>(ratio − 1) − log ratio</c> (<c>losses/approx_kl</c>).</param>
/// <param name="OldApproxKl">Mean of <c>−log ratio</c> (<c>losses/old_approx_kl</c>).</param>
/// <param name="ClipFraction">Fraction of samples with <c>|ratio − 1| &gt; clip</c> (<c>losses/clipfrac</c>).</param>
/// <param name="ExplainedVariance">1 − Var(returns − V_old) / Var(returns); NaN when the returns do not vary.</param>
/// <param name="GradNorm">Mean gradient norm before clipping.</param>
/// <param name="Epochs">Epochs run (fewer than asked when the target KL stopped the update).</param>
/// <param name="Minibatches">Gradient steps taken.</param>
public readonly record struct PpoUpdateStats(
    float PolicyLoss,
    float ValueLoss,
    float Entropy,
    float ApproxKl,
    float OldApproxKl,
    float ClipFraction,
    float ExplainedVariance,
    float GradNorm,
    int Epochs,
    int Minibatches);
