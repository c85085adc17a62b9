using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using RagAgent.Envs.Randomness;

namespace RagAgent.Core.Nn;

/// <summary>Weight initialisation schemes, all drawn from an explicit seeded <see cref="EnvRandom"/>.</summary>
internal static class Initializers
{
    /// <summary>
    /// Fills a row-major <c>[rows, cols]</c> matrix with a (semi-)orthogonal matrix scaled by <paramref name="gain"/>
    /// (Saxe et al. 2014; PyTorch's <c>orthogonal_</c>): draw a Gaussian matrix, take the Q of its thin QR
    /// decomposition with signs fixed by diag(R) so the result is uniformly distributed, and transpose when there are
    /// fewer rows than columns. Rows (or columns, whichever are fewer) are orthonormal before scaling.
    /// </summary>
    /// <param name="weight">[rows, cols] output.</param>
    /// <param name="rows">Rows (a linear layer's outputs).</param>
    /// <param name="cols">Columns (a linear layer's inputs).</param>
    /// <param name="gain">Scale; CleanRL uses √2 for hidden layers, 0.01 for policy logits and 1 for the value.</param>
    /// <param name="random">Source of the Gaussian draws (rows × cols of them, row-major).</param>
    public static void Orthogonal(Span<float> weight, int rows, int cols, float gain, EnvRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        RequireScale(gain, nameof(gain));
        Shapes.Require(weight.Length, rows, cols, nameof(weight), "rows, cols");
        bool transpose = rows < cols;
        int tall = transpose ? cols : rows;
        int wide = transpose ? rows : cols;
        var gaussian = new double[tall * wide];
        for (int i = 0; i < gaussian.Length; i++)
        {
            gaussian[i] = random.NextGaussian();
        }

        QR<double> qr = Matrix<double>.Build.DenseOfRowMajor(tall, wide, gaussian).QR(QRMethod.Thin);
        Matrix<double> q = qr.Q;
        for (int j = 0; j < wide; j++)
        {
            double sign = qr.R[j, j] < 0 ? -1.0 : 1.0;
            for (int i = 0; i < tall; i++)
            {
                double v = gain * sign * q[i, j];
                if (transpose)
                {
                    weight[(j * cols) + i] = (float)v;
                }
                else
                {
                    weight[(i * cols) + j] = (float)v;
                }
            }
        }
    }

    /// <summary>Fills <paramref name="values"/> with draws from N(0, <paramref name="std"/>²).</summary>
    /// <param name="values">[n] output, any shape flattened.</param>
    /// <param name="std">Standard deviation, finite and ≥ 0.</param>
    /// <param name="random">Source of the Gaussian draws (n of them, in order).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is negative or not finite.</exception>
    public static void Normal(Span<float> values, float std, EnvRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        RequireScale(std, nameof(std));
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(std * random.NextGaussian());
        }
    }

    private static void RequireScale(float scale, string paramName)
    {
        if (!(scale >= 0f) || float.IsPositiveInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(paramName, scale, $"{paramName} must be finite and >= 0, got {scale}.");
        }
    }
}
