namespace RagAgent.Core.Algorithms.Distillation;

/// <summary>Figures of one distillation round.</summary>
/// <param name="Steps">Env steps collected so far (all copies).</param>
/// <param name="Kl">Mean KL(π_teacher ‖ π_student) on the round's states after its last gradient step.</param>
/// <param name="ValueLoss">Mean ½(v_student − v_teacher)² on the round's states after its last gradient step.</param>
/// <param name="Agreement">Fraction of the round's fresh states (before training on them) where the student's most
/// probable allowed action is the teacher's.</param>
public readonly record struct DistillationProgress(long Steps, float Kl, float ValueLoss, float Agreement);
