using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Hosting;

/// <summary>
/// A tiny deterministic actor-critic for the hosting tests: logits[a] = bias[a] + scale · (Σ globals + taskId),
/// value = marker. Weights come from the checkpoint (<c>bias</c> [actions], <c>scale</c> [1], <c>marker</c> [1]), so
/// versions differ and every answer reveals the version that computed it.
/// </summary>
internal sealed class TestPolicy : IActorCritic
{
    private float[] _bias;
    private float _scale;
    private float _marker;

    public TestPolicy(EnvSpec spec, IReadOnlyList<NamedTensor> weights)
    {
        Spec = spec;
        _bias = new float[spec.NumActions];
        ImportWeights(weights);
    }

    public EnvSpec Spec { get; }

    public PolicyOptions Options { get; } = new() { Architecture = PolicyArchitecture.Mlp };

    public static IActorCritic Build(CheckpointContent content) => new TestPolicy(content.Manifest.Spec, content.Weights);

    public void Forward(ObservationBatch batch, int count, Span<float> logits, Span<float> values)
    {
        int actions = Spec.NumActions;
        int globals = Spec.GlobalFeatureSize;
        for (int r = 0; r < count; r++)
        {
            float x = batch.TaskIds[r];
            for (int g = 0; g < globals; g++)
            {
                x += batch.Globals[(r * globals) + g];
            }

            Span<float> row = logits.Slice(r * actions, actions);
            for (int a = 0; a < actions; a++)
            {
                row[a] = _bias[a] + (_scale * x * (a + 1));
            }

            ActionMasking.Apply(batch.ActionMask(r), row);
            values[r] = _marker;
        }
    }

    public void Backward(ReadOnlySpan<float> logitGradients, ReadOnlySpan<float> valueGradients) =>
        throw new NotSupportedException("Inference only.");

    public IPolicyOptimizer CreateOptimizer(OptimizerOptions options) => throw new NotSupportedException("Inference only.");

    public IReadOnlyList<NamedTensor> ExportWeights() =>
        [new("bias", [_bias.Length], (float[])_bias.Clone()), new("scale", [1], [_scale]), new("marker", [1], [_marker])];

    public void ImportWeights(IReadOnlyList<NamedTensor> weights)
    {
        NamedTensor Find(string name, int length) =>
            weights.FirstOrDefault(w => w.Name == name && w.Data.Length == length)
            ?? throw new InvalidDataException($"Weight '{name}' with {length} values is missing.");

        _bias = (float[])Find("bias", Spec.NumActions).Data.Clone();
        _scale = Find("scale", 1).Data[0];
        _marker = Find("marker", 1).Data[0];
    }

    public IActorCritic CloneForInference() => new TestPolicy(Spec, ExportWeights());

    /// <summary>Checkpoint content of version <paramref name="marker"/>: bias[a] = marker · a / 10.</summary>
    public static CheckpointContent Content(EnvSpec spec, float marker, float scale = 0.1f)
    {
        float[] bias = Enumerable.Range(0, spec.NumActions).Select(a => marker * a / 10f).ToArray();
        return new CheckpointContent(
            new CheckpointManifest { Policy = new PolicyOptions { Architecture = PolicyArchitecture.Mlp, HiddenSizes = [1] }, Spec = spec, TrainingSteps = (long)marker * 1000 },
            [new NamedTensor("bias", [spec.NumActions], bias), new NamedTensor("scale", [1], [scale]), new NamedTensor("marker", [1], [marker])]);
    }

    /// <summary>Writes version <paramref name="version"/> of <paramref name="policy"/> (marker = version) under <paramref name="root"/>.</summary>
    public static string WriteVersion(string root, string policy, int version, EnvSpec spec)
    {
        string path = Path.Combine(root, policy, version.ToString(System.Globalization.CultureInfo.InvariantCulture), "checkpoint.safetensors");
        CheckpointFile.Save(path, Content(spec, version));
        return path;
    }

    /// <summary>Bytes of a checkpoint file for <paramref name="content"/>.</summary>
    public static byte[] Bytes(CheckpointContent content)
    {
        string path = Path.Combine(Path.GetTempPath(), $"ragagent-test-{Guid.NewGuid():N}.safetensors");
        try
        {
            CheckpointFile.Save(path, content);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
