using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Nn;

/// <summary>Central finite differences against an analytic gradient, for every entry of a buffer.</summary>
internal static class GradientCheck
{
    /// <summary>
    /// For each i: numeric = (L(x + h eᵢ) − L(x − h eᵢ)) / 2h; asserts |analytic − numeric| ≤ absTol + relTol·|numeric|.
    /// <paramref name="values"/> is restored afterwards.
    /// </summary>
    public static void AssertMatches(string name, float[] values, ReadOnlySpan<float> analytic, Func<double> loss, float h = 1e-2f, double absTol = 2e-3, double relTol = 1e-2)
    {
        Assert.That(analytic.Length, Is.EqualTo(values.Length), $"{name}: gradient length");
        double worst = 0;
        int worstIndex = -1;
        double worstNumeric = 0;
        double worstAnalytic = 0;
        for (int i = 0; i < values.Length; i++)
        {
            float saved = values[i];
            values[i] = saved + h;
            double plus = loss();
            values[i] = saved - h;
            double minus = loss();
            values[i] = saved;
            double numeric = (plus - minus) / (2.0 * h);
            double excess = Math.Abs(analytic[i] - numeric) - (absTol + (relTol * Math.Abs(numeric)));
            if (excess > worst)
            {
                worst = excess;
                worstIndex = i;
                worstNumeric = numeric;
                worstAnalytic = analytic[i];
            }
        }

        Assert.That(worstIndex, Is.EqualTo(-1),
            () => $"{name}[{worstIndex}]: analytic {worstAnalytic} vs numeric {worstNumeric}");
    }

    /// <summary>Uniform values in [−scale, scale).</summary>
    public static float[] Random(int length, EnvRandom random, float scale = 1f)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextFloat(-scale, scale);
        }

        return values;
    }

    /// <summary>Σ cᵢ yᵢ in double: a random linear loss whose gradient with respect to y is c.</summary>
    public static double Dot(ReadOnlySpan<float> c, ReadOnlySpan<float> y)
    {
        double sum = 0;
        for (int i = 0; i < c.Length; i++)
        {
            sum += (double)c[i] * y[i];
        }

        return sum;
    }
}
