namespace RagAgent.Core.Algorithms.Distillation;

/// <summary>
/// Policy distillation hyperparameters: a student is fitted to a teacher on the states met while acting in the
/// teacher's env, by minimising KL(π_teacher ‖ π_student) over allowed actions plus
/// <see cref="ValueCoef"/> · ½(v_student − v_teacher)².
/// </summary>
public sealed record DistillationOptions
{
    /// <summary>Parallel env copies the states are collected on.</summary>
    public int NumEnvs { get; init; } = 8;

    /// <summary>Steps per env copy per round of collection; a round is <c>NumEnvs × NumSteps</c> observations.</summary>
    public int NumSteps { get; init; } = 64;

    /// <summary>Gradient steps on each round's observations (full batch).</summary>
    public int Epochs { get; init; } = 8;

    /// <summary>Adam learning rate.</summary>
    public float LearningRate { get; init; } = 3e-3f;

    /// <summary>Weight of the value regression term.</summary>
    public float ValueCoef { get; init; } = 0.5f;

    /// <summary>Global gradient-norm clip.</summary>
    public float MaxGradNorm { get; init; } = 1f;

    /// <summary>
    /// DAgger mixing β: at each step the teacher acts with probability β and the student otherwise (the teacher still
    /// labels every state). 1 collects the teacher's own state distribution; lower values add the states the
    /// student drifts into.
    /// </summary>
    public float TeacherFraction { get; init; } = 0.5f;

    /// <summary>Act by sampling from the acting policy (true) or by its most probable allowed action (false).</summary>
    public bool SampleActions { get; init; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (NumEnvs < 1)
        {
            throw new ArgumentException($"DistillationOptions.NumEnvs must be >= 1, got {NumEnvs}.", nameof(NumEnvs));
        }

        if (NumSteps < 1)
        {
            throw new ArgumentException($"DistillationOptions.NumSteps must be >= 1, got {NumSteps}.", nameof(NumSteps));
        }

        if (Epochs < 1)
        {
            throw new ArgumentException($"DistillationOptions.Epochs must be >= 1, got {Epochs}.", nameof(Epochs));
        }

        if (!(LearningRate > 0f && float.IsFinite(LearningRate)))
        {
            throw new ArgumentException($"DistillationOptions.LearningRate must be a finite number > 0, got {LearningRate}.", nameof(LearningRate));
        }

        if (!(ValueCoef >= 0f && float.IsFinite(ValueCoef)))
        {
            throw new ArgumentException($"DistillationOptions.ValueCoef must be a finite number >= 0, got {ValueCoef}.", nameof(ValueCoef));
        }

        if (!(MaxGradNorm > 0f))
        {
            throw new ArgumentException($"DistillationOptions.MaxGradNorm must be > 0, got {MaxGradNorm}.", nameof(MaxGradNorm));
        }

        if (!(TeacherFraction is >= 0f and <= 1f))
        {
            throw new ArgumentException($"DistillationOptions.TeacherFraction must be in [0, 1], got {TeacherFraction}.", nameof(TeacherFraction));
        }
    }
}
