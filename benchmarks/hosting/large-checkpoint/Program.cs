// Writes a checkpoint of about SIZE_MB megabytes (an mlp 256-256 over a flat spec with enough global features for the
// size, 2 actions, small random weights) for the upload memory measurement of benchmarks/results/hosting.md.
// The tensor names and shapes come from a small policy of the same architecture (17 globals), widened.
// Usage: dotnet run --project benchmarks/hosting/large-checkpoint -c Release -- OUT.safetensors [SIZE_MB]
using System.Globalization;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;

const int SmallInputs = 17;
int[] hidden = [256, 256];
string path = args[0];
double megabytes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 200;
// Actor and critic each hold an inputs x 256 layer: about 2 * 256 * inputs floats of 4 bytes.
int inputs = (int)(megabytes * 1e6 / (4 * 2 * hidden[0]));
var spec = new EnvSpec { Id = "large-flat", GlobalFeatureSize = inputs, ExtraActions = 2 };
var options = new PolicyOptions { Architecture = PolicyArchitecture.Mlp, HiddenSizes = hidden };
IActorCritic small = PolicyFactory.Create(spec with { GlobalFeatureSize = SmallInputs }, options, seed: 1);
var random = new Random(1);
var weights = small.ExportWeights().Select(t =>
{
    int[] shape = t.Shape.Select(d => d == SmallInputs ? inputs : d).ToArray();
    float[] data = new float[shape.Aggregate(1, (a, d) => a * d)];
    float scale = 1f / MathF.Sqrt(shape[^1]);
    for (int i = 0; i < data.Length; i++)
    {
        data[i] = ((float)random.NextDouble() - 0.5f) * scale;
    }

    return new NamedTensor(t.Name, shape, data);
}).ToList();
CheckpointFile.Save(path, new CheckpointContent(new CheckpointManifest { Policy = small.Options, Spec = spec }, weights));
Console.WriteLine($"{path}: {inputs} globals, hidden [256, 256], {new FileInfo(path).Length} bytes");
