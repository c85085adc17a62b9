using System.Numerics.Tensors;

namespace RagAgent.Core.Nn.Optim;

/// <summary>Global gradient-norm clipping (PyTorch's <c>clip_grad_norm_</c>; CleanRL's <c>max_grad_norm</c>).</summary>
internal static class GradientClipping
{
    /// <summary>
    /// Computes the L2 norm of all gradients taken together; when it exceeds <paramref name="maxNorm"/>, scales every
    /// gradient by <c>maxNorm / (norm + 1e-6)</c>. Returns the norm before clipping.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not positive.</exception>
    public static float ClipGradNorm(IReadOnlyList<Parameter> parameters, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be > 0.");
        }

        double sumOfSquares = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            sumOfSquares += TensorPrimitives.SumOfSquares<float>(parameters[i].Grad);
        }

        float norm = (float)Math.Sqrt(sumOfSquares);
        float scale = maxNorm / (norm + 1e-6f);
        if (scale < 1f)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                float[] grad = parameters[i].Grad;
                TensorPrimitives.Multiply(grad, scale, grad);
            }
        }

        return norm;
    }
}
