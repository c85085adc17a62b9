namespace RagAgent.Core.Nn;

/// <summary>Argument checks for hot paths; the throwing code stays out of the callers' bodies.</summary>
internal static class Shapes
{
    /// <summary>Throws unless <paramref name="length"/> ≥ rows × width.</summary>
    public static void Require(int length, int rows, int width, string paramName, string shapeName)
    {
        if (length < rows * width)
        {
            ThrowTooShort(length, rows, width, paramName, shapeName);
        }
    }

    /// <summary>Throws unless <paramref name="rows"/> ≥ 0.</summary>
    public static void RequireNonNegative(int rows, string paramName)
    {
        if (rows < 0)
        {
            ThrowNegative(rows, paramName);
        }
    }

    /// <summary>Throws unless <paramref name="rows"/> is in [1, <paramref name="maxRows"/>].</summary>
    public static void RequireRows(int rows, int maxRows, string paramName)
    {
        if (rows < 1 || rows > maxRows)
        {
            ThrowRows(rows, maxRows, paramName);
        }
    }

    private static void ThrowTooShort(int length, int rows, int width, string paramName, string shapeName) =>
        throw new ArgumentException(
            $"{paramName} has {length} entries; expected at least {rows * width} for shape [{rows}, {width}] ({shapeName}).", paramName);

    private static void ThrowNegative(int rows, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, rows, $"{paramName} must be >= 0, got {rows}.");

    private static void ThrowRows(int rows, int maxRows, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, rows, $"{paramName} must be in [1, {maxRows}] (the buffers' capacity), got {rows}.");
}
