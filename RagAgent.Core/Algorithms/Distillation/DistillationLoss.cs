using RagAgent.Core.Distributions;

namespace RagAgent.Core.Algorithms.Distillation;

/// <summary>
/// The distillation loss over a batch and its analytic gradient: mean over rows of
/// KL(p_t ‖ p_s) = Σ_allowed p_t (log p_t − log p_s) plus <c>valueCoef</c> · ½(v_s − v_t)², with
/// ∂/∂logits_s = (p_s − p_t) / rows on allowed actions (0 on forbidden ones) and ∂/∂v_s = valueCoef · (v_s − v_t) / rows.
/// </summary>
public static class DistillationLoss
{
    /// <summary>Computes the loss and writes its gradients.</summary>
    /// <param name="teacherLogits">[rows, numActions] teacher logits.</param>
    /// <param name="studentLogits">[rows, numActions] student logits.</param>
    /// <param name="masks">[rows, numActions] action masks (at least one allowed action per row).</param>
    /// <param name="numActions">Actions per row.</param>
    /// <param name="teacherValues">[rows] teacher state values.</param>
    /// <param name="studentValues">[rows] student state values.</param>
    /// <param name="valueCoef">Weight of the value term.</param>
    /// <param name="logitGradients">[rows, numActions] output: ∂loss/∂studentLogits.</param>
    /// <param name="valueGradients">[rows] output: ∂loss/∂studentValues.</param>
    /// <returns>The mean KL and the mean value term (before <paramref name="valueCoef"/>).</returns>
    public static (float Kl, float ValueLoss) Compute(
        ReadOnlySpan<float> teacherLogits,
        ReadOnlySpan<float> studentLogits,
        ReadOnlySpan<bool> masks,
        int numActions,
        ReadOnlySpan<float> teacherValues,
        ReadOnlySpan<float> studentValues,
        float valueCoef,
        Span<float> logitGradients,
        Span<float> valueGradients)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numActions, 1);
        int rows = teacherValues.Length;
        int cells = rows * numActions;
        if (rows == 0 || studentValues.Length != rows || valueGradients.Length != rows
            || teacherLogits.Length != cells || studentLogits.Length != cells || masks.Length != cells || logitGradients.Length != cells)
        {
            throw new ArgumentException($"DistillationLoss: expected {rows} > 0 rows of {numActions} actions in every logit, mask and gradient span and {rows} in every value span.");
        }

        float inverseRows = 1f / rows;
        double kl = 0;
        double valueLoss = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<bool> mask = masks.Slice(r * numActions, numActions);
            ReadOnlySpan<float> teacher = teacherLogits.Slice(r * numActions, numActions);
            ReadOnlySpan<float> student = studentLogits.Slice(r * numActions, numActions);
            Span<float> grad = logitGradients.Slice(r * numActions, numActions);
            float logZTeacher = MaskedCategorical.LogNormalizer(teacher, mask);
            float logZStudent = MaskedCategorical.LogNormalizer(student, mask);
            for (int a = 0; a < numActions; a++)
            {
                if (!mask[a])
                {
                    grad[a] = 0f;
                    continue;
                }

                float logPTeacher = teacher[a] - logZTeacher;
                float logPStudent = student[a] - logZStudent;
                float pTeacher = MathF.Exp(logPTeacher);
                kl += pTeacher * (logPTeacher - logPStudent);
                grad[a] = (MathF.Exp(logPStudent) - pTeacher) * inverseRows;
            }

            float difference = studentValues[r] - teacherValues[r];
            valueLoss += 0.5 * difference * difference;
            valueGradients[r] = valueCoef * difference * inverseRows;
        }

        return ((float)(kl * inverseRows), (float)(valueLoss * inverseRows));
    }
}
