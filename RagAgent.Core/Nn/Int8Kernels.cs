using System.Numerics;

namespace RagAgent.Core.Nn;

/// <summary>SIMD kernels on int8 vectors: widening sbyte → short → int → float in registers (<see cref="Vector{T}"/>).</summary>
internal static class Int8Kernels
{
    /// <summary>Σ q[i] · x[i] with q int8 and x float32, both of length n.</summary>
    public static float Dot(ReadOnlySpan<sbyte> q, ReadOnlySpan<float> x)
    {
        int n = q.Length;
        int step = Vector<sbyte>.Count;
        int lanes = Vector<float>.Count;
        var sum = Vector<float>.Zero;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - step; i += step)
            {
                Widen(new Vector<sbyte>(q[i..]), out Vector<float> a, out Vector<float> b, out Vector<float> c, out Vector<float> d);
                sum += (a * new Vector<float>(x[i..])) + (b * new Vector<float>(x[(i + lanes)..]));
                sum += (c * new Vector<float>(x[(i + (2 * lanes))..])) + (d * new Vector<float>(x[(i + (3 * lanes))..]));
            }
        }

        float total = Vector.Sum(sum);
        for (; i < n; i++)
        {
            total += q[i] * x[i];
        }

        return total;
    }

    /// <summary>w[i] = scale · q[i].</summary>
    public static void Dequantize(ReadOnlySpan<sbyte> q, float scale, Span<float> w)
    {
        int n = q.Length;
        int step = Vector<sbyte>.Count;
        int lanes = Vector<float>.Count;
        var s = new Vector<float>(scale);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - step; i += step)
            {
                Widen(new Vector<sbyte>(q[i..]), out Vector<float> a, out Vector<float> b, out Vector<float> c, out Vector<float> d);
                (a * s).CopyTo(w[i..]);
                (b * s).CopyTo(w[(i + lanes)..]);
                (c * s).CopyTo(w[(i + (2 * lanes))..]);
                (d * s).CopyTo(w[(i + (3 * lanes))..]);
            }
        }

        for (; i < n; i++)
        {
            w[i] = scale * q[i];
        }
    }

    private static void Widen(Vector<sbyte> v, out Vector<float> a, out Vector<float> b, out Vector<float> c, out Vector<float> d)
    {
        Vector.Widen(v, out Vector<short> low, out Vector<short> high);
        Vector.Widen(low, out Vector<int> i0, out Vector<int> i1);
        Vector.Widen(high, out Vector<int> i2, out Vector<int> i3);
        a = Vector.ConvertToSingle(i0);
        b = Vector.ConvertToSingle(i1);
        c = Vector.ConvertToSingle(i2);
        d = Vector.ConvertToSingle(i3);
    }
}
