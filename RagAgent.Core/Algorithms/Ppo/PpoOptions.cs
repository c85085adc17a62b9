namespace RagAgent.Core.Algorithms.Ppo;

/// <summary>
/// PPO hyperparameters. Defaults follow CleanRL's <c>ppo.py</c>; each property names its CleanRL / Stable-Baselines3
/// alias. See <see cref="PpoPresets"/> for tuned sets.
/// </summary>
public sealed record PpoOptions
{
    /// <summary>Parallel env copies (CleanRL <c>num_envs</c>, SB3 <c>n_envs</c>).</summary>
    public int NumEnvs { get; init; } = 4;

    /// <summary>Steps per env per rollout (CleanRL <c>num_steps</c>, SB3 <c>n_steps</c>).</summary>
    public int NumSteps { get; init; } = 128;

    /// <summary>Discount factor γ (<c>gamma</c>).</summary>
    public float Gamma { get; init; } = 0.99f;

    /// <summary>GAE λ; 1 gives Monte-Carlo advantages (CleanRL <c>gae_lambda</c>, SB3 <c>gae_lambda</c>).</summary>
    public float GaeLambda { get; init; } = 0.95f;

    /// <summary>Minibatches per epoch (CleanRL <c>num_minibatches</c>; SB3 sets <c>batch_size</c> = <see cref="MinibatchSize"/> instead).</summary>
    public int NumMinibatches { get; init; } = 4;

    /// <summary>Passes over the rollout per update (CleanRL <c>update_epochs</c>, SB3 <c>n_epochs</c>).</summary>
    public int UpdateEpochs { get; init; } = 4;

    /// <summary>Surrogate clipping ε (CleanRL <c>clip_coef</c>, SB3 <c>clip_range</c>).</summary>
    public float ClipCoef { get; init; } = 0.2f;

    /// <summary>Anneal <see cref="ClipCoef"/> linearly to 0 over training (SB3 <c>clip_range: lin_0.2</c>).</summary>
    public bool AnnealClipCoef { get; init; }

    /// <summary>Clip the value loss around the old values with <see cref="ClipCoef"/> (CleanRL <c>clip_vloss</c>;
    /// SB3 <c>clip_range_vf</c>, off there by default). The value loss is CleanRL's <c>0.5 · mean((V − R)²)</c>;
    /// SB3 omits the 0.5.</summary>
    public bool ClipValueLoss { get; init; } = true;

    /// <summary>Adam learning rate (<c>learning_rate</c>).</summary>
    public float LearningRate { get; init; } = 2.5e-4f;

    /// <summary>Anneal the learning rate linearly to 0 over training (CleanRL <c>anneal_lr</c>, SB3 <c>lin_2.5e-4</c>).</summary>
    public bool AnnealLr { get; init; } = true;

    /// <summary>Entropy bonus coefficient (CleanRL <c>ent_coef</c>, SB3 <c>ent_coef</c>).</summary>
    public float EntCoef { get; init; } = 0.01f;

    /// <summary>Value loss coefficient (CleanRL <c>vf_coef</c>, SB3 <c>vf_coef</c>).</summary>
    public float VfCoef { get; init; } = 0.5f;

    /// <summary>Global gradient-norm clip (<c>max_grad_norm</c>).</summary>
    public float MaxGradNorm { get; init; } = 0.5f;

    /// <summary>Normalise advantages per minibatch (CleanRL <c>norm_adv</c>, SB3 <c>normalize_advantage</c>).</summary>
    public bool NormAdvantages { get; init; } = true;

    /// <summary>Stop the update's epochs early when the mean approx KL of an epoch's minibatches exceeds this,
    /// checked after each epoch; null disables (CleanRL / SB3 <c>target_kl</c>).</summary>
    public float? TargetKl { get; init; }

    /// <summary>Finished episodes averaged into <c>mean_return</c>/<c>mean_length</c>/<c>success_rate</c>
    /// (SB3 <c>stats_window_size</c>).</summary>
    public int StatsWindowSize { get; init; } = 100;

    /// <summary>Transitions per rollout: <c>NumEnvs × NumSteps</c> (CleanRL <c>batch_size</c>).</summary>
    public int BatchSize => NumEnvs * NumSteps;

    /// <summary>Transitions per gradient step: <c>BatchSize / NumMinibatches</c> (CleanRL <c>minibatch_size</c>, SB3 <c>batch_size</c>).</summary>
    public int MinibatchSize => BatchSize / NumMinibatches;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        Require(NumEnvs >= 1, nameof(NumEnvs), "must be >= 1", NumEnvs);
        Require(NumSteps >= 1, nameof(NumSteps), "must be >= 1", NumSteps);
        Require(Gamma is >= 0f and <= 1f, nameof(Gamma), "must be in [0, 1]", Gamma);
        Require(GaeLambda is >= 0f and <= 1f, nameof(GaeLambda), "must be in [0, 1]", GaeLambda);
        Require(NumMinibatches >= 1, nameof(NumMinibatches), "must be >= 1", NumMinibatches);
        Require(
            NumMinibatches <= BatchSize && BatchSize % NumMinibatches == 0,
            nameof(NumMinibatches),
            $"must divide BatchSize = NumEnvs x NumSteps = {BatchSize}",
            NumMinibatches);
        Require(UpdateEpochs >= 1, nameof(UpdateEpochs), "must be >= 1", UpdateEpochs);
        Require(ClipCoef > 0f && float.IsFinite(ClipCoef), nameof(ClipCoef), "must be > 0", ClipCoef);
        Require(LearningRate > 0f && float.IsFinite(LearningRate), nameof(LearningRate), "must be > 0", LearningRate);
        Require(EntCoef >= 0f && float.IsFinite(EntCoef), nameof(EntCoef), "must be >= 0", EntCoef);
        Require(VfCoef >= 0f && float.IsFinite(VfCoef), nameof(VfCoef), "must be >= 0", VfCoef);
        Require(MaxGradNorm > 0f, nameof(MaxGradNorm), "must be > 0 (use float.PositiveInfinity to disable clipping)", MaxGradNorm);
        Require(TargetKl is null or > 0f, nameof(TargetKl), "must be > 0 or null", TargetKl);
        Require(StatsWindowSize >= 1, nameof(StatsWindowSize), "must be >= 1", StatsWindowSize);
    }

    private static void Require(bool condition, string field, string rule, object? value)
    {
        if (!condition)
        {
            throw new ArgumentException($"PpoOptions.{field} {rule}, got {value ?? "null"}.", field);
        }
    }
}
