namespace RagAgent.Hosting;

/// <summary>Numeric format a policy's versions are served in.</summary>
public enum ServingQuantization
{
    /// <summary>The float32 network as built from the checkpoint.</summary>
    None,

    /// <summary>Per-channel int8 weights (mlp only), refused below <see cref="PolicyServingOptions.MinAgreement"/>.</summary>
    Int8,
}

/// <summary>Per-policy serving settings, bound from <c>RagAgent:Policies:{name}</c>.</summary>
public sealed record PolicyServingOptions
{
    /// <summary>Observations in the calibration set of an int8 version.</summary>
    public const int CalibrationObservations = 1000;

    /// <summary><c>none</c> (default) or <c>int8</c>.</summary>
    public ServingQuantization Quantization { get; init; }

    /// <summary>Share in [0, 1] of calibration observations on which the int8 version must take the float version's
    /// greedy action; below it the version is rejected.</summary>
    public double MinAgreement { get; init; } = 0.99;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field under <paramref name="path"/>.</summary>
    public void Validate(string path)
    {
        if (!Enum.IsDefined(Quantization))
        {
            throw new ArgumentException($"{path}:Quantization must be none or int8, got {Quantization}.", path);
        }

        if (MinAgreement is not (>= 0 and <= 1))
        {
            throw new ArgumentException($"{path}:MinAgreement must be in [0, 1], got {MinAgreement}.", path);
        }
    }
}
