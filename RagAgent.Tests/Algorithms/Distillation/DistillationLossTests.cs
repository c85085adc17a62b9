using RagAgent.Core.Algorithms.Distillation;

namespace RagAgent.Tests.Algorithms.Distillation;

public sealed class DistillationLossTests
{
    private const int Rows = 3;
    private const int Actions = 4;

    private static readonly bool[] Masks =
    [
        true, true, true, true,
        true, false, true, false,
        false, false, true, true,
    ];

    private static readonly float[] TeacherLogits = [0.3f, -1.2f, 2.0f, 0.1f, 1.5f, -1e9f, -0.4f, -1e9f, -1e9f, -1e9f, 0.7f, -0.2f];
    private static readonly float[] TeacherValues = [1.5f, -0.25f, 3f];
    private const float ValueCoef = 0.7f;

    private static (float Kl, float ValueLoss) Loss(float[] studentLogits, float[] studentValues, float[] logitGrads, float[] valueGrads) =>
        DistillationLoss.Compute(TeacherLogits, studentLogits, Masks, Actions, TeacherValues, studentValues, ValueCoef, logitGrads, valueGrads);

    private static double Total(float[] studentLogits, float[] studentValues)
    {
        (float kl, float value) = Loss(studentLogits, studentValues, new float[Rows * Actions], new float[Rows]);
        return kl + (ValueCoef * value);
    }

    [Test]
    public void Compute_Gradient_MatchesCentralFiniteDifferences()
    {
        float[] student = [-0.5f, 0.8f, 0.2f, 1.1f, 0.0f, 5f, 0.9f, -3f, 2f, 7f, -0.3f, 0.6f];
        float[] values = [0.5f, 0.75f, 2f];
        float[] logitGrads = new float[Rows * Actions];
        float[] valueGrads = new float[Rows];
        Loss(student, values, logitGrads, valueGrads);
        const float h = 1e-2f;
        for (int i = 0; i < student.Length; i++)
        {
            float saved = student[i];
            student[i] = saved + h;
            double plus = Total(student, values);
            student[i] = saved - h;
            double minus = Total(student, values);
            student[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            Assert.That(logitGrads[i], Is.EqualTo(numeric).Within(2e-3), $"logit {i}");
            if (!Masks[i])
            {
                Assert.That(logitGrads[i], Is.Zero, $"masked logit {i}");
            }
        }

        for (int r = 0; r < Rows; r++)
        {
            float saved = values[r];
            values[r] = saved + h;
            double plus = Total(student, values);
            values[r] = saved - h;
            double minus = Total(student, values);
            values[r] = saved;
            Assert.That(valueGrads[r], Is.EqualTo((plus - minus) / (2 * h)).Within(2e-3), $"value {r}");
        }
    }

    [Test]
    public void Compute_StudentEqualToTeacher_HasZeroLossAndGradient()
    {
        float[] logitGrads = new float[Rows * Actions];
        float[] valueGrads = new float[Rows];
        (float kl, float value) = Loss((float[])TeacherLogits.Clone(), (float[])TeacherValues.Clone(), logitGrads, valueGrads);
        Assert.That(kl, Is.EqualTo(0f).Within(1e-6f));
        Assert.That(value, Is.Zero);
        Assert.That(logitGrads, Is.All.EqualTo(0f).Within(1e-7f));
        Assert.That(valueGrads, Is.All.Zero);
    }

    [Test]
    public void Compute_MismatchedSpans_ThrowsNamingTheShape()
    {
        Assert.That(
            () => DistillationLoss.Compute(TeacherLogits, new float[5], Masks, Actions, TeacherValues, new float[Rows], 1f, new float[Rows * Actions], new float[Rows]),
            Throws.ArgumentException.With.Message.Contains("rows of 4 actions"));
    }

    [Test]
    public void Validate_BadTeacherFraction_NamesTheField()
    {
        Assert.That(() => new DistillationOptions { TeacherFraction = 1.5f }.Validate(), Throws.ArgumentException.With.Message.Contains("TeacherFraction"));
    }
}
